using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

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
    public static async Task<Results<Ok<Page<AuditEntryDto>>, ValidationProblem>> ListEntries(RapportDbContext db,
        string? subjectType, string? subjectId, string? action, int? limit, string? after, CancellationToken ct)
    {
        if (Paging.Validate(limit, after, out var take, out var cursor) is { } problem)
        {
            return problem;
        }

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(subjectType)) query = query.Where(e => e.SubjectType == subjectType);
        if (!string.IsNullOrEmpty(subjectId)) query = query.Where(e => e.SubjectId == subjectId);
        if (!string.IsNullOrEmpty(action)) query = query.Where(e => e.Action == action);
        if (cursor is not null)
        {
            if (!long.TryParse(cursor.Key, out var before))
            {
                return Problems.Invalid("after", "after is not a cursor returned by this API.");
            }

            query = query.Where(e => e.Sequence < before);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.Empty).Encode()
            : null;
        return TypedResults.Ok(new Page<AuditEntryDto>(rows.Take(take).Select(e => e.ToDto()).ToList(), next));
    }

    /// <summary>Walks the hash chain and reports the first broken link.</summary>
    public static async Task<Ok<AuditVerification>> Verify(RapportDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await AuditChain.VerifyAsync(db, ct));
}
