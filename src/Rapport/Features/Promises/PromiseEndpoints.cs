using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Promises;

public static class PromiseEndpoints
{
    public static IEndpointRouteBuilder MapPromiseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/promises").WithTags("Promises").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireVisible("promise", "id", PromiseVisibility.CanSeePromiseAsync);
        group.MapGet("/", ListPromises);
        group.MapGet("/measures", Measures);
        group.MapGet("/{id}", GetPromise);
        var work = group.MapGroup("").RequireAuthorization(Policies.WorkCases);
        work.MapPost("/", CreatePromise).Idempotent();
        work.MapPost("/detect", Detect);
        work.MapPost("/{id}/kept", Keep);
        work.MapPost("/{id}/broken", Break);
        work.MapPost("/{id}/renegotiate", Renegotiate);
        return app;
    }

    /// <summary>
    /// Promises by due time, soonest first, filtered by owner (an id or "me"), team, case, customer, status (open,
    /// renegotiated, kept, broken, or pending / overdue) and due range [dueFrom, dueTo).
    /// </summary>
    public static async Task<Results<Ok<Page<PromiseDto>>, ValidationProblem>> ListPromises(PromiseQueries queries, ClaimsPrincipal user,
        [QueryValues("me", OrId = true)] string? owner, Guid? teamId, Guid? caseId, Guid? customerId,
        [QueryValues("open", "renegotiated", "kept", "broken", "pending", "overdue")] string? status, DateTimeOffset? dueFrom, DateTimeOffset? dueTo,
        int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        Guid? ownerId = null;
        if (string.Equals(owner?.Trim(), "me", StringComparison.OrdinalIgnoreCase))
        {
            ownerId = user.UserId();
        }
        else if (!string.IsNullOrWhiteSpace(owner))
        {
            if (!Guid.TryParse(owner, out var parsed))
            {
                return Problems.Invalid("owner", "owner is a user id or \"me\".");
            }

            ownerId = parsed;
        }

        var (pending, overdue) = (string.Equals(status, "pending", StringComparison.OrdinalIgnoreCase), string.Equals(status, "overdue", StringComparison.OrdinalIgnoreCase));
        PromiseStatus? statusFilter = null;
        if (!pending && !overdue && QueryEnum.Read(status, "status", out statusFilter) is { } bad)
        {
            return bad;
        }

        if (dueFrom is not null && dueTo is not null && dueTo < dueFrom)
        {
            return Problems.Invalid("dueTo", "dueTo is before dueFrom.");
        }

        var filter = new PromiseFilter(ownerId, teamId, caseId, customerId, statusFilter, pending, overdue, dueFrom?.UtcDateTime, dueTo?.UtcDateTime);
        return TypedResults.Ok(await queries.ListAsync(filter, Viewer.Of(user), take, cursor, ct));
    }

    public static async Task<Results<Ok<PromiseDto>, ProblemHttpResult>> GetPromise(Guid id, PromiseQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("promise", id);

    /// <summary>Records a promise made to a customer. Honours Idempotency-Key.</summary>
    public static async Task<Created<PromiseDto>> CreatePromise(CreatePromiseRequest request, PromiseService promises, PromiseQueries queries,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var created = await promises.CreateAsync(request, user, ct);
        return TypedResults.Created($"/api/v1/promises/{created.Id}", await queries.GetAsync(created.Id, ct));
    }

    /// <summary>The promises the composer would propose for a draft reply, with due times parsed relative to now.</summary>
    public static async Task<Ok<IReadOnlyList<DetectedPromiseDto>>> Detect(DetectPromisesRequest request, PromiseProposals proposals, CancellationToken ct) =>
        TypedResults.Ok(await proposals.ProposeAsync(request.Text, ct));

    public static async Task<Results<Ok<PromiseDto>, ValidationProblem, ProblemHttpResult>> Keep(Guid id, KeepPromiseRequest request,
        PromiseService promises, PromiseQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await Settled(id, await promises.KeepAsync(id, request.Note, user, ct), queries, ct);

    public static async Task<Results<Ok<PromiseDto>, ValidationProblem, ProblemHttpResult>> Break(Guid id, BreakPromiseRequest request,
        PromiseService promises, PromiseQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await Settled(id, await promises.BreakAsync(id, request.Reason, user, ct), queries, ct);

    /// <summary>Moves the due time with the customer's agreement; the old time stays in renegotiations.</summary>
    public static async Task<Results<Ok<PromiseDto>, ValidationProblem, ProblemHttpResult>> Renegotiate(Guid id, RenegotiatePromiseRequest request,
        PromiseService promises, PromiseQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
        await Settled(id, await promises.RenegotiateAsync(id, request, user, ct), queries, ct);

    /// <summary>Kept, kept-on-time, broken and renegotiated counts per agent and team for promises due in [from, to).</summary>
    public static async Task<Results<Ok<PromiseMeasuresDto>, ValidationProblem>> Measures(PromiseQueries queries, DateTimeOffset? from,
        DateTimeOffset? to, CancellationToken ct)
    {
        if (from is null)
        {
            return Problems.Invalid("from", "from is required (an instant, e.g. 2026-11-01T00:00:00Z).");
        }

        if (to is null)
        {
            return Problems.Invalid("to", "to is required (an instant, e.g. 2026-12-01T00:00:00Z).");
        }

        if (to <= from)
        {
            return Problems.Invalid("to", "to must be after from.");
        }

        return TypedResults.Ok(await queries.MeasuresAsync(from.Value.UtcDateTime, to.Value.UtcDateTime, ct));
    }

    private static async Task<Results<Ok<PromiseDto>, ValidationProblem, ProblemHttpResult>> Settled(Guid id, Promise? changed,
        PromiseQueries queries, CancellationToken ct) =>
        changed is null ? Problems.NotFound("promise", id) : TypedResults.Ok((await queries.GetAsync(id, ct))!);
}
