using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>Which audit entries to list; every part is optional.</summary>
public sealed record AuditFilter(string? SubjectType = null, string? SubjectId = null, string? Action = null);

/// <summary>Reading the audit trail, for the API and the auditors' page. Entries are written only through <see cref="AuditChain"/>.</summary>
public sealed class AuditLog(RapportDbContext db, AuditAnchorSettings anchorSettings)
{
    /// <summary>Entries newest first; <paramref name="after"/> is a cursor from a previous page.</summary>
    public async Task<Page<AuditEntryDto>> ListAsync(AuditFilter filter, int take, Cursor? after, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.SubjectType)) query = query.Where(e => e.SubjectType == filter.SubjectType.Trim());
        if (!string.IsNullOrWhiteSpace(filter.SubjectId)) query = query.Where(e => e.SubjectId == filter.SubjectId.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action.Trim());
        if (after is not null)
        {
            if (!long.TryParse(after.Key, out var before))
            {
                throw new InvalidInputException("after", "after is not a cursor returned by this API.");
            }

            query = query.Where(e => e.Sequence < before);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.Empty).Encode()
            : null;
        return new Page<AuditEntryDto>(rows.Take(take).Select(e => e.ToDto()).ToList(), next);
    }

    /// <summary>
    /// The newest entries (up to <paramref name="take"/>) about any of <paramref name="subjects"/>, newest first, older than
    /// sequence <paramref name="before"/> when given. One seek per subject on the subject index, so a record's report stays
    /// fast however long the trail grows.
    /// </summary>
    public async Task<List<AuditEntry>> AboutAsync(IReadOnlyCollection<(string Type, string Id)> subjects, int take, long? before, CancellationToken ct)
    {
        var found = new List<AuditEntry>();
        foreach (var (type, id) in subjects)
        {
            found.AddRange(await db.AuditEntries.AsNoTracking()
                .Where(e => e.SubjectType == type && e.SubjectId == id && (before == null || e.Sequence < before))
                .OrderByDescending(e => e.Sequence).Take(take).ToListAsync(ct));
        }

        return found.OrderByDescending(e => e.Sequence).Take(take).ToList();
    }

    /// <summary>The kinds of record the trail has entries about ("customer", "user", …), for filters.</summary>
    public Task<List<string>> SubjectTypesAsync(CancellationToken ct) =>
        db.AuditEntries.AsNoTracking().Select(e => e.SubjectType).Distinct().OrderBy(t => t).ToListAsync(ct);

    /// <summary>
    /// Walks the hash chain, then checks it against the anchors in the anchor file (or in <paramref name="anchorPath"/>,
    /// e.g. an off-site copy). Reads only: no key file or anchor file is created.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct, string? anchorPath = null)
    {
        var chain = await AuditChain.VerifyAsync(db, ct);
        var settings = anchorPath is null ? anchorSettings : anchorSettings.WithPath(anchorPath);
        var key = settings.FindKey(out var keyProblem);
        var lines = await AuditAnchorFile.ReadAsync(settings.Path, ct);
        return chain.With(await AuditAnchors.CheckAsync(db, lines, key, keyProblem, "the anchor file", ct));
    }
}
