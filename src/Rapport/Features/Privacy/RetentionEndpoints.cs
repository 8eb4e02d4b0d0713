using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Privacy;

/// <summary>Retention (C23) and legal holds: administrators set periods, run and place holds; auditors read what was done.</summary>
public static class RetentionEndpoints
{
    public const int MaxRuns = 50;

    public static IEndpointRouteBuilder MapRetentionEndpoints(this IEndpointRouteBuilder app)
    {
        var retention = app.MapGroup("/api/v1/retention").WithTags("Privacy").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        retention.MapGet("/policy", GetPolicy);
        retention.MapPut("/policy", SetPolicy);
        retention.MapGet("/preview", PreviewRetention);
        retention.MapPost("/run", Run);
        // Auditors check that retention happened; only administrators decide and run it.
        app.MapGet("/api/v1/retention/runs", ListRuns).WithTags("Privacy").RequireAuthorization(Policies.ReadAudit).ProducesValidationProblem();

        var holds = app.MapGroup("/api/v1/legal-holds").WithTags("Privacy").RequireAuthorization(Policies.ReadAudit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        holds.MapGet("/", ListHolds);
        holds.MapPost("/", PlaceHold).RequireAuthorization(Policies.Administer).Idempotent();
        holds.MapPost("/{id}/release", ReleaseHold).RequireAuthorization(Policies.Administer).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The retention period of each kind of data (null keeps it forever, the default), what each covers, and when it was set.</summary>
    public static async Task<Ok<RetentionPolicyDto>> GetPolicy(RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.PolicyAsync(ct));

    /// <summary>Sets every period at once (1 to 36,500 days; null or missing keeps that kind forever). Audited; later runs name its date.</summary>
    public static async Task<Results<Ok<RetentionPolicyDto>, ValidationProblem>> SetPolicy(SetRetentionPolicyRequest request, RetentionService retention,
        CancellationToken ct) => TypedResults.Ok(await retention.SetPolicyAsync(request, ct));

    /// <summary>A dry run: what a run would anonymise or delete now, per kind, and what legal holds keep. Changes nothing.</summary>
    public static async Task<Ok<RetentionRunDto>> PreviewRetention(RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.PreviewAsync(ct));

    /// <summary>
    /// Runs retention now, in bounded batches, and keeps its report. 409 when a run is already going on (on this or another node).
    /// </summary>
    public static async Task<Results<Ok<RetentionRunDto>, ProblemHttpResult>> Run(RetentionService retention, Audit.AuditContext audit, CancellationToken ct) =>
        await retention.RunAsync(audit.ActorName, ct) is { } run
            ? TypedResults.Ok(run)
            : Problems.Conflict("A retention run is already in progress; try again when it has finished.");

    /// <summary>The reports of the newest runs (at most 50), newest first: per kind, the action, how many, how many held, the cut-off and the policy's date.</summary>
    public static async Task<Results<Ok<List<RetentionRunDto>>, ValidationProblem>> ListRuns(RetentionService retention, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > MaxRuns)
        {
            return Problems.Invalid("limit", $"Give a limit from 1 to {MaxRuns}.");
        }

        return TypedResults.Ok(await retention.ReportsAsync(limit ?? 20, ct));
    }

    /// <summary>Legal holds, newest first: on a customer (with those on their cases), on a case (with those on its customer), or all; <c>inForce</c> leaves out released ones.</summary>
    public static async Task<Ok<List<LegalHoldDto>>> ListHolds(LegalHolds holds, Guid? customerId, Guid? caseId, bool? inForce, CancellationToken ct) =>
        TypedResults.Ok(await holds.ListAsync(customerId, caseId, inForce ?? false, ct));

    /// <summary>Places a legal hold on a customer or a case: retention skips what it covers and the customer cannot be erased until it is released.</summary>
    public static async Task<Results<Created<LegalHoldDto>, ValidationProblem>> PlaceHold(PlaceLegalHoldRequest request, LegalHolds holds, CancellationToken ct)
    {
        var hold = await holds.PlaceAsync(request, ct);
        return TypedResults.Created($"/api/v1/legal-holds?{(hold.CustomerId is { } c ? $"customerId={c}" : $"caseId={hold.CaseId}")}", hold);
    }

    /// <summary>Releases a legal hold (a reason is required); the hold stays on record. 409 when it was already released.</summary>
    public static async Task<Results<Ok<LegalHoldDto>, ProblemHttpResult>> ReleaseHold(Guid id, ReleaseLegalHoldRequest request, LegalHolds holds,
        CancellationToken ct) =>
        await holds.ReleaseAsync(id, request.Reason, ct) is { } released ? TypedResults.Ok(released) : Problems.NotFound("legal hold", id);
}
