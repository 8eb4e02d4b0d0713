using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Authority;

/// <summary>Limits of authority, actions on cases and their approval (C15). The limits are enforced here, not only in the UI.</summary>
public static class AuthorityEndpoints
{
    public static IEndpointRouteBuilder MapAuthorityEndpoints(this IEndpointRouteBuilder app)
    {
        var actions = app.MapGroup("/api/v1/cases/{id}/actions").WithTags("Limits of authority").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("case", "id", Cases.CaseVisibility.CanSeeCaseAsync);
        actions.MapGet("/", ListActions);
        actions.MapPost("/", RequestAction).RequireAuthorization(Policies.WorkCases).Idempotent();

        var approvals = app.MapGroup("/api/v1/approvals").WithTags("Limits of authority").RequireAuthorization(Policies.WorkCases)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("approval", "id", CaseActionVisibility.CanSeeCaseActionAsync);
        approvals.MapGet("/", ListApprovals);
        approvals.MapPost("/{id}/approve", Approve).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        approvals.MapPost("/{id}/reject", Reject).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        var limits = app.MapGroup("/api/v1/authority-limits").WithTags("Limits of authority").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem();
        limits.MapGet("/", ListLimits);
        limits.MapPut("/", SetLimit);
        limits.MapDelete("/{id}", DeleteLimit).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/my-authority-limits", MyLimits).WithTags("Limits of authority").RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>The actions offered on a case, newest first: pending, completed (with the customer outcome) or rejected.</summary>
    public static async Task<Results<Ok<IReadOnlyList<CaseActionDto>>, ProblemHttpResult>> ListActions(Guid id, CaseActionService service,
        Rapport.Features.Cases.CaseQueries cases, CancellationToken ct) =>
        await cases.SummaryAsync(id, ct) is null ? Problems.NotFound("case", id) : TypedResults.Ok(await service.ForCaseAsync(id, ct));

    /// <summary>
    /// Offers the customer a refund, compensation, goodwill gesture, discount or policy exception. Within your limit the
    /// action is completed at once; beyond it the answer is the action with status pending, and colleagues whose limit
    /// covers it are asked to approve. A limit in one currency never covers an amount in another. Honours Idempotency-Key.
    /// </summary>
    public static async Task<Results<Created<CaseActionDto>, ValidationProblem, ProblemHttpResult>> RequestAction(Guid id,
        RequestCaseActionRequest request, CaseActionService service, ClaimsPrincipal user, CancellationToken ct) =>
        await service.RequestAsync(id, request, user.UserId(), ct) is { } action
            ? TypedResults.Created($"/api/v1/cases/{id}/actions", action.ToDto())
            : Problems.NotFound("case", id);

    /// <summary>Pending actions you may decide: requested by someone else, and within your own limit. Oldest first.</summary>
    public static async Task<Ok<IReadOnlyList<ApprovalDto>>> ListApprovals(CaseActionService service, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await service.PendingForAsync(Viewer.Of(user), ct));

    /// <summary>
    /// Approves a pending action, which completes it. 403 when it is your own request or beyond your limit; 409 when it
    /// was already decided (the first of two decisions wins).
    /// </summary>
    public static Task<Results<Ok<CaseActionDto>, ValidationProblem, ProblemHttpResult>> Approve(Guid id, DecideCaseActionRequest? request,
        CaseActionService service, ClaimsPrincipal user, CancellationToken ct) =>
        Decide(id, () => service.ApproveAsync(id, request?.Reason, user.UserId(), ct));

    /// <summary>Rejects a pending action with a reason (required); the action never completes. 403 and 409 as for approve.</summary>
    public static Task<Results<Ok<CaseActionDto>, ValidationProblem, ProblemHttpResult>> Reject(Guid id, DecideCaseActionRequest request,
        CaseActionService service, ClaimsPrincipal user, CancellationToken ct) =>
        Decide(id, () => service.RejectAsync(id, request.Reason, user.UserId(), ct));

    /// <summary>Every limit of every role and user.</summary>
    public static async Task<Ok<IReadOnlyList<AuthorityLimitDto>>> ListLimits(AuthorityLimitService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(ct));

    /// <summary>Sets a role's or a user's limit for an action (and currency); setting it again changes it.</summary>
    public static async Task<Ok<AuthorityLimitDto>> SetLimit(SetAuthorityLimitRequest request, AuthorityLimitService service, CancellationToken ct) =>
        TypedResults.Ok((await service.SetAsync(request, ct)).ToDto(null));

    /// <summary>Removes a limit: without it, the action is not allowed (or the role's limit applies again, for a user's own).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLimit(Guid id, AuthorityLimitService service, CancellationToken ct) =>
        await service.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("authority limit", id);

    /// <summary>The limits that apply to you, each with where it comes from.</summary>
    public static async Task<Ok<IReadOnlyList<EffectiveLimitDto>>> MyLimits(AuthorityLimitService service, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<EffectiveLimitDto>>((await service.EffectiveAsync(user.UserId(), ct)).Select(l => l.ToDto()).ToList());

    private static async Task<Results<Ok<CaseActionDto>, ValidationProblem, ProblemHttpResult>> Decide(Guid id, Func<Task<CaseAction?>> decide)
    {
        try
        {
            return await decide() is { } action ? TypedResults.Ok(action.ToDto()) : Problems.NotFound("approval", id);
        }
        catch (NotYoursToDecideException e)
        {
            return TypedResults.Problem(title: "You may not decide this request.", detail: e.Message, statusCode: StatusCodes.Status403Forbidden,
                type: "https://rapport.dev/problems/beyond-authority");
        }
        catch (ActionAlreadyDecidedException e)
        {
            return Problems.Conflict(e.Message);
        }
    }
}
