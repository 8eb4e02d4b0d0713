using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Conversations;

/// <summary>The automatic mail view: machine mail that answered no conversation, and the action that makes one of it.</summary>
public static class AutomaticMailEndpoints
{
    public static IEndpointRouteBuilder MapAutomaticMailEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/automatic-mail").WithTags("Conversations").RequireAuthorization(Policies.ReadCustomers);
        group.MapGet("/", List).ProducesValidationProblem();
        group.MapPost("/{receipt}/conversation", OpenAsConversation).RequireAuthorization(Policies.WriteCustomers)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Newest first, at most 200; <c>q</c> keeps those whose sender, subject or text contains it.</summary>
    public static async Task<Results<Ok<List<AutomaticMailDto>>, ValidationProblem>> List(AutomaticMail mail, string? q, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > AutomaticMail.MaxList)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Give a limit from 1 to {AutomaticMail.MaxList}."] });
        }

        if (q?.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["Search for at most 200 characters."] });
        }

        return TypedResults.Ok(await mail.ListAsync(q, limit ?? 50, ct));
    }

    /// <summary>
    /// Turns the automatic message into an ordinary one: 201 with the conversation once stored, or 202 with the receipt to
    /// poll if that takes longer.
    /// </summary>
    public static async Task<Results<Created<IngestResult>, Accepted<InboundReceiptDto>, ProblemHttpResult>> OpenAsConversation(Guid receipt,
        AutomaticMail mail, CancellationToken ct) =>
        await mail.OpenAsConversationAsync(receipt, TimeSpan.FromSeconds(10), ct) switch
        {
            null => Problems.NotFound("automatic message", receipt),
            { Result: { Ignored: false } result } => TypedResults.Created($"/api/v1/conversations/{result.ConversationId}", result),
            var pending => TypedResults.Accepted($"/api/v1/inbound-messages/{receipt}", InboundReceiptDto.From(pending)),
        };
}
