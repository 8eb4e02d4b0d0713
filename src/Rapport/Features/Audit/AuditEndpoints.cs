using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Audit;

/// <summary>An audit entry as shown to auditors and on a record's history.</summary>
public sealed record AuditEntryDto(long Sequence, DateTime At, string ActorId, string ActorName, string Action,
    string SubjectType, string SubjectId, JsonElement Changes, string? Reason, string Hash);

public static class AuditEndpoints
{
    public static AuditEntryDto ToDto(this AuditEntry e)
    {
        using var doc = JsonDocument.Parse(e.Changes);
        return new AuditEntryDto(e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.SubjectType, e.SubjectId,
            doc.RootElement.Clone(), e.Reason, e.Hash);
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);
        group.MapGet("/", ListEntries);
        group.MapGet("/verify", Verify);
        return app;
    }

    /// <summary>The audit trail, newest first, optionally for one subject.</summary>
    public static async Task<Results<Ok<Page<AuditEntryDto>>, ValidationProblem>> ListEntries(AuditLog log,
        string? subjectType, string? subjectId, string? action, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await log.ListAsync(new AuditFilter(subjectType, subjectId, action), take, cursor, ct));
    }

    /// <summary>Walks the hash chain and reports the first broken link.</summary>
    public static async Task<Ok<AuditVerification>> Verify(AuditLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.VerifyAsync(ct));
}
