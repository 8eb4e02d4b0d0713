using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Referrals;

public static class ReferralEndpoints
{
    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/referrals").WithTags("Referrals").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("referral", "id", ReferralVisibility.CanSeeReferralAsync);
        group.MapGet("/", ListReferrals);
        group.MapGet("/chain", GetChain);
        group.MapGet("/{id}", GetReferral);
        var work = group.MapGroup("").RequireAuthorization(Policies.WorkCases).ProducesProblem(StatusCodes.Status403Forbidden);
        work.MapPost("/", Refer).Idempotent();
        work.MapPost("/{id}/accept", Accept);
        work.MapPost("/{id}/decline", Decline);
        work.MapPost("/{id}/withdraw", Withdraw);
        return app;
    }

    /// <summary>
    /// Referrals, newest first. view: toMe (to me, or to one of my teams by someone else), toMyTeams, fromMe; filter by
    /// status, caseId or conversationId.
    /// </summary>
    public static async Task<Results<Ok<Page<ReferralDto>>, ValidationProblem>> ListReferrals(ReferralQueries queries, ClaimsPrincipal user,
        [QueryValues(typeof(ReferralView))] string? view, [QueryValues(typeof(ReferralStatus))] string? status, Guid? caseId, Guid? conversationId, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        var badView = QueryEnum.Read<ReferralView>(view, "view", out var viewFilter);
        var badStatus = QueryEnum.Read<ReferralStatus>(status, "status", out var statusFilter);
        if ((badView ?? badStatus) is { } bad)
        {
            return bad;
        }

        var filter = new ReferralFilter(viewFilter ?? ReferralView.All, statusFilter, caseId, conversationId);
        return TypedResults.Ok(await queries.ListAsync(filter, Viewer.Of(user), take, cursor, ct));
    }

    /// <summary>The referral chain of a case or a conversation (give one of caseId, conversationId), oldest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ReferralDto>>, ValidationProblem, ProblemHttpResult>> GetChain(ReferralQueries queries,
        Guid? caseId, Guid? conversationId, ClaimsPrincipal user, CancellationToken ct)
    {
        if ((caseId is null) == (conversationId is null))
        {
            return Problems.Invalid("caseId", "Give exactly one of caseId and conversationId.");
        }

        return await queries.ChainAsync(caseId, conversationId, Viewer.Of(user), ct) is { } chain
            ? TypedResults.Ok(chain)
            : Problems.NotFound(caseId is null ? "conversation" : "case", (caseId ?? conversationId)!.Value);
    }

    /// <summary>The referral with its chain and the case or conversation it refers, as the receiver sees it.</summary>
    public static async Task<Results<Ok<ReferralDetailDto>, ProblemHttpResult>> GetReferral(Guid id, ReferralQueries queries,
        ClaimsPrincipal user, CancellationToken ct) =>
        await queries.GetAsync(id, Viewer.Of(user), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("referral", id);

    /// <summary>
    /// Refers a case or conversation with a reason (400 naming reason without one). A customerMessage is sent to the
    /// customer through the outbox on their channel. One pending referral per case or conversation (400 otherwise).
    /// </summary>
    public static async Task<Results<Created<ReferralDto>, ValidationProblem>> Refer(CreateReferralRequest request, ReferralService referrals,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var made = await referrals.ReferAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/referrals/{made.Id}", made.ToDto());
    }

    /// <summary>The addressee (or a member of the addressed team) takes the work on: it is assigned to them. Anyone else: 403.</summary>
    public static Task<Results<Ok<ReferralDto>, ValidationProblem, ProblemHttpResult>> Accept(Guid id, ReferralService referrals,
        ClaimsPrincipal user, CancellationToken ct) => Answer(id, () => referrals.AcceptAsync(id, user, ct));

    /// <summary>The addressee declines with a reason (required); the work goes back to the referrer, who is told why.</summary>
    public static Task<Results<Ok<ReferralDto>, ValidationProblem, ProblemHttpResult>> Decline(Guid id, ReferralReasonRequest request,
        ReferralService referrals, ClaimsPrincipal user, CancellationToken ct) => Answer(id, () => referrals.DeclineAsync(id, request.Reason, user, ct));

    /// <summary>The referrer takes a pending referral back (reason optional). Anyone else: 403.</summary>
    public static Task<Results<Ok<ReferralDto>, ValidationProblem, ProblemHttpResult>> Withdraw(Guid id, ReferralReasonRequest? request,
        ReferralService referrals, ClaimsPrincipal user, CancellationToken ct) => Answer(id, () => referrals.WithdrawAsync(id, request?.Reason, user, ct));

    private static async Task<Results<Ok<ReferralDto>, ValidationProblem, ProblemHttpResult>> Answer(Guid id, Func<Task<Referral?>> answer)
    {
        try
        {
            return await answer() is { } r ? TypedResults.Ok(r.ToDto()) : Problems.NotFound("referral", id);
        }
        catch (NotYourReferralException e)
        {
            return TypedResults.Problem(title: "This referral is not yours to answer.", detail: e.Message,
                statusCode: StatusCodes.Status403Forbidden, type: "https://rapport.dev/problems/forbidden");
        }
    }
}
