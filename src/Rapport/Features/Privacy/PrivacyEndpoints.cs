using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Privacy;

public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/customers/{id}").WithTags("Privacy").RequireAuthorization(Policies.ReadCustomers)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/consents", GetConsents);
        group.MapGet("/consents/check", CheckConsent);
        group.MapPost("/consents", RecordConsent).RequireAuthorization(Policies.WriteCustomers).Idempotent();
        group.MapGet("/access-report", GetAccessReport).RequireAuthorization(Policies.ReadAccessReport);
        return app;
    }

    /// <summary>The customer's consent ledger: the state of each purpose now (nothing recorded means not allowed) and every entry, oldest first.</summary>
    public static async Task<Results<Ok<ConsentLedgerDto>, ProblemHttpResult>> GetConsents(Guid id, ConsentLedger ledger, CancellationToken ct) =>
        await ledger.ReadAsync(id, ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("customer", id);

    /// <summary>
    /// Adds a decision (given, withdrawn, refused) to the ledger; entries are never changed, so a withdrawal is a new entry
    /// and the newest entry covering a purpose and channel decides it.
    /// </summary>
    public static async Task<Results<Created<ConsentEntryDto>, ValidationProblem, ProblemHttpResult>> RecordConsent(Guid id,
        RecordConsentRequest request, ConsentLedger ledger, CancellationToken ct) =>
        await ledger.RecordAsync(id, request, ct) is { } entry
            ? TypedResults.Created($"/api/v1/customers/{id}/consents", entry.ToDto())
            : Problems.NotFound("customer", id);

    /// <summary>Whether the customer may be contacted for <c>purpose</c> on <c>channel</c> now, and why: what surveys and marketing tools ask first.</summary>
    public static async Task<Results<Ok<ConsentCheckDto>, ValidationProblem, ProblemHttpResult>> CheckConsent(Guid id, ConsentCheck check,
        [QueryValues(typeof(ConsentPurpose))] string? purpose, [QueryValues(typeof(ConsentChannel))] string? channel, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(purpose))
        {
            return Problems.Invalid("purpose", "Say which purpose to check.");
        }

        if (QueryEnum.Read<ConsentPurpose>(purpose, "purpose", out var p) is { } badPurpose)
        {
            return badPurpose;
        }

        if (QueryEnum.Read<ConsentChannel>(channel, "channel", out var c) is { } badChannel)
        {
            return badChannel;
        }

        return await check.FindAsync(id, p!.Value, c ?? ConsentChannel.All, ct) is { } verdict
            ? TypedResults.Ok(new ConsentCheckDto(verdict.Allowed, verdict.Reason, verdict.DecidedBy?.Id))
            : Problems.NotFound("customer", id);
    }

    /// <summary>
    /// Who read or changed what about the customer, newest first, from the audit trail: confidential detail reads, raw email
    /// downloads, exports, changes and consents. <c>kind</c> narrows it to read, export or change.
    /// </summary>
    public static async Task<Results<Ok<Page<AccessReportEntryDto>>, ValidationProblem, ProblemHttpResult>> GetAccessReport(Guid id, AccessReport report,
        [QueryValues(typeof(AccessKind))] string? kind, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        if (QueryEnum.Read<AccessKind>(kind, "kind", out var k) is { } badKind)
        {
            return badKind;
        }

        return await report.ForCustomerAsync(id, k, take, cursor, ct) is { } page ? TypedResults.Ok(page) : Problems.NotFound("customer", id);
    }
}

/// <summary>The answer of a consent check: whether it is allowed, why, and the ledger entry that decided it.</summary>
public sealed record ConsentCheckDto(bool Allowed, string Reason, Guid? DecidedBy);
