using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Knowledge;

public static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/knowledge/articles").WithTags("Knowledge").RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListArticles);
        group.MapGet("/overdue-reviews", OverdueReviews);
        group.MapGet("/{id:guid}", GetArticle).SendsETag();
        group.MapGet("/{id:guid}/history", History);
        group.MapPost("/", CreateArticle).RequireAuthorization(Policies.ManageKnowledge).ProducesProblem(StatusCodes.Status403Forbidden).Idempotent();
        var work = group.MapGroup("").RequireAuthorization(Policies.WorkCases).ProducesProblem(StatusCodes.Status403Forbidden);
        work.MapPut("/{id:guid}", UpdateArticle).HonoursIfMatch();
        work.MapPost("/{id:guid}/archive", Archive);
        work.MapPost("/{id:guid}/cases", LinkToCase);
        work.MapPost("/{id:guid}/insert", Insert);
        return app;
    }

    /// <summary>
    /// Articles: with q, a ranked full-text search (title, answer, structured fields, body; snippets mark the matches);
    /// with caseId, the articles linked to that case; otherwise all by title. audience filters; archived ones only on request.
    /// Each says whether it is past its review date.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ArticleHit>>, ValidationProblem, ProblemHttpResult>> ListArticles(KnowledgeQueries queries,
        string? q, [QueryValues(typeof(KnowledgeAudience))] string? audience, Guid? caseId, bool? includeArchived, int? limit, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (QueryEnum.Read<KnowledgeAudience>(audience, "audience", out var audienceFilter) is { } bad)
        {
            return bad;
        }

        if (q is { Length: > 200 })
        {
            return Problems.Invalid("q", "Give a search of at most 200 characters.");
        }

        var max = string.IsNullOrWhiteSpace(q) ? KnowledgeQueries.MaxList : KnowledgeSearch.MaxResults;
        if (limit is { } l && (l < 1 || l > max))
        {
            return Problems.Invalid("limit", $"limit must be between 1 and {max}.");
        }

        var filter = new ArticleFilter(q, audienceFilter, caseId, includeArchived ?? false);
        return await queries.ListAsync(filter, Viewer.Of(user), limit ?? 20, ct) is { } hits ? TypedResults.Ok(hits) : Problems.NotFound("case", caseId!.Value);
    }

    /// <summary>The article with its Markdown body rendered as safe HTML, review flag and use counts. The ETag is for If-Match on edits.</summary>
    public static async Task<Results<Ok<ArticleDto>, ProblemHttpResult>> GetArticle(Guid id, KnowledgeQueries queries, HttpResponse response, CancellationToken ct)
    {
        if (await queries.GetAsync(id, ct) is not { } found)
        {
            return Problems.NotFound("article", id);
        }

        ETags.Set(response, await queries.VersionAsync(id, ct));
        return TypedResults.Ok(found);
    }

    /// <summary>Every revision of the article, newest first: who, when, why, what changed, and the article as it was.</summary>
    public static async Task<Results<Ok<IReadOnlyList<RevisionDto>>, ProblemHttpResult>> History(Guid id, KnowledgeQueries queries, CancellationToken ct) =>
        await queries.HistoryAsync(id, ct) is { } history ? TypedResults.Ok(history) : Problems.NotFound("article", id);

    /// <summary>Articles past their review date: yours, or (owner=all, supervisors and administrators) everyone's.</summary>
    public static async Task<Results<Ok<IReadOnlyList<OverdueReviewDto>>, ValidationProblem>> OverdueReviews(KnowledgeQueries queries, string? owner,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var all = string.Equals(owner, "all", StringComparison.OrdinalIgnoreCase);
        if (owner is not null && !all && !string.Equals(owner, "me", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Invalid("owner", "owner is 'me' (the default) or 'all'.");
        }

        if (all && !Viewer.Of(user).SeesAll)
        {
            return Problems.Invalid("owner", "Only supervisors, administrators and auditors list everyone's overdue reviews.");
        }

        return TypedResults.Ok(await queries.OverdueAsync(all ? null : user.UserId(), ct));
    }

    /// <summary>Writes a new article (supervisors and administrators); the first revision records who and when. Honours Idempotency-Key.</summary>
    public static async Task<Results<Created<ArticleDto>, ValidationProblem>> CreateArticle(CreateArticleRequest request, KnowledgeService knowledge,
        KnowledgeQueries queries, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var created = await knowledge.CreateAsync(request, user, ct);
        ETags.Set(response, created.Version);
        return TypedResults.Created($"/api/v1/knowledge/articles/{created.Id}", (await queries.GetAsync(created.Id, ct))!);
    }

    /// <summary>
    /// Replaces the article with a reason (400 naming reason without one), kept as a new revision; an edit that changes
    /// nothing adds none. Only the owner, a supervisor or an administrator (403). Send If-Match with the ETag you read (412 when stale).
    /// </summary>
    public static Task<Results<Ok<ArticleDto>, ValidationProblem, ProblemHttpResult>> UpdateArticle(Guid id, UpdateArticleRequest request,
        KnowledgeService knowledge, KnowledgeQueries queries, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var ifMatch))
        {
            return Task.FromResult<Results<Ok<ArticleDto>, ValidationProblem, ProblemHttpResult>>(Problems.Invalid("If-Match", "If-Match must be an ETag returned by this API."));
        }

        return Change(id, queries, http, () => knowledge.UpdateAsync(id, request, ifMatch, http.User, ct), ct);
    }

    /// <summary>Takes the article out of use with a reason (kept as a revision). Only the owner, a supervisor or an administrator.</summary>
    public static Task<Results<Ok<ArticleDto>, ValidationProblem, ProblemHttpResult>> Archive(Guid id, ArchiveArticleRequest request,
        KnowledgeService knowledge, KnowledgeQueries queries, HttpContext http, CancellationToken ct) =>
        Change(id, queries, http, () => knowledge.ArchiveAsync(id, request.Reason, http.User, ct), ct);

    /// <summary>Records that the article helped with a case you can see (400 naming caseId otherwise); counted in its use.</summary>
    public static async Task<Results<Ok<ArticleDto>, ValidationProblem, ProblemHttpResult>> LinkToCase(Guid id, LinkArticleRequest request,
        KnowledgeService knowledge, KnowledgeQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await knowledge.LinkAsync(id, request.CaseId, user, ct) ? TypedResults.Ok((await queries.GetAsync(id, ct))!) : Problems.NotFound("article", id);

    /// <summary>
    /// The answer to insert into a reply, counted as a use; with a conversationId whose conversation has a case, the
    /// article is linked to that case. Internal articles are refused (400 naming audience): their text is not for customers.
    /// </summary>
    public static async Task<Results<Ok<InsertedAnswerDto>, ValidationProblem, ProblemHttpResult>> Insert(Guid id, InsertArticleRequest? request,
        KnowledgeService knowledge, ClaimsPrincipal user, CancellationToken ct) =>
        await knowledge.InsertAsync(id, request?.ConversationId, user, ct) is { } inserted ? TypedResults.Ok(inserted) : Problems.NotFound("article", id);

    private static async Task<Results<Ok<ArticleDto>, ValidationProblem, ProblemHttpResult>> Change(Guid id, KnowledgeQueries queries, HttpContext http,
        Func<Task<KnowledgeArticle?>> change, CancellationToken ct)
    {
        try
        {
            if (await change() is not { } changed)
            {
                return Problems.NotFound("article", id);
            }

            ETags.Set(http.Response, changed.Version);
            return TypedResults.Ok((await queries.GetAsync(id, ct))!);
        }
        catch (NotYourArticleException e)
        {
            return TypedResults.Problem(title: "This article is not yours to change.", detail: e.Message,
                statusCode: StatusCodes.Status403Forbidden, type: "https://rapport.dev/problems/forbidden");
        }
    }
}
