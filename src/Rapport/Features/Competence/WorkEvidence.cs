using Microsoft.EntityFrameworkCore;

namespace Rapport.Features.Competence;

/// <summary>Turns a query of one kind of record into evidence: how many there are, and the newest few to link to.</summary>
internal static class WorkEvidence
{
    public static async Task<EvidenceFound> FoundAsync<T>(EvidenceKind kind, string? detail, IQueryable<T> records,
        System.Linq.Expressions.Expression<Func<T, DateTime>> at, Func<T, EvidenceRecord> describe, CancellationToken ct)
    {
        var count = await records.CountAsync(ct);
        var newest = count == 0 ? [] : await records.OrderByDescending(at).Take(EvidenceQuery.RecordsShown).ToListAsync(ct);
        return new EvidenceFound(kind, detail, count, newest.Select(describe).ToList());
    }
}
