using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Privacy;

/// <summary>Erase a customer: the reason (e.g. the request's reference) is kept in the audit trail. Do not write the person's name in it.</summary>
public sealed record EraseCustomerRequest([property: StringLength(1000)] string? Reason = null);

/// <summary>Subject rights (C22): a subject-access export and erasure, for administrators.</summary>
public static class SubjectRightsEndpoints
{
    public static IEndpointRouteBuilder MapSubjectRightsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/customers").WithTags("Privacy").RequireAuthorization(Policies.Administer)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/export", ExportCustomer).Produces(200, contentType: "application/zip");
        group.MapPost("/{id}/erase", EraseCustomer).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// Everything held about the customer (and records merged into it) as a ZIP: data.json, report.html and files/ (attachments
    /// and raw emails). Audited as a read, with every confidential value it contains.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportCustomer(Guid id, SubjectAccessExport export,
        CancellationToken ct)
    {
        if (!await export.AuditAsync(id, ct))
        {
            return Problems.NotFound("customer", id);
        }

        return TypedResults.Stream(body => export.WriteAsync(id, body, ct), "application/zip", $"subject-access-{id}.zip");
    }

    /// <summary>
    /// Erases the customer by anonymisation: identifiers removed everywhere, aggregate facts kept, a tombstone record left.
    /// Erasing an erased customer answers the same, with alreadyErased. A customer under legal hold (or with a case under
    /// one) is not erased: 409.
    /// </summary>
    public static async Task<Results<Ok<ErasureDto>, ProblemHttpResult>> EraseCustomer(Guid id, EraseCustomerRequest request,
        CustomerErasure erasure, CancellationToken ct) =>
        await erasure.EraseAsync(id, request.Reason ?? "", ct) is { } done ? TypedResults.Ok(done) : Problems.NotFound("customer", id);
}
