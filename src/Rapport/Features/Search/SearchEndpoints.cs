using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Search;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").RequireAuthorization(Policies.ReadCustomers).ProducesValidationProblem();
        return app;
    }

    /// <summary>Full-text search over messages, customers and notes, with filters for messages; snippets mark the matches.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SearchHit>>, ValidationProblem>> Search(SearchService search, string? q, [QueryValues(typeof(Channel))] string? channel,
        [QueryValues(typeof(ConversationStatus))] string? status, DateTime? from, DateTime? to, Guid? agentId, int? limit, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var badChannel = QueryEnum.Read<Channel>(channel, "channel", out var channelFilter);
        var badStatus = QueryEnum.Read<ConversationStatus>(status, "status", out var statusFilter);
        if ((badChannel ?? badStatus) is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
        {
            return Problems.Invalid("q", "Give a search of 1 to 200 characters.");
        }

        if (limit is < 1 or > SearchService.MaxResults)
        {
            return Problems.Invalid("limit", $"limit must be between 1 and {SearchService.MaxResults}.");
        }

        return TypedResults.Ok(await search.SearchAsync(q, new SearchFilters(channelFilter, statusFilter, from?.ToUniversalTime(), to?.ToUniversalTime(), agentId), Viewer.Of(user), limit ?? 20, ct));
    }
}
