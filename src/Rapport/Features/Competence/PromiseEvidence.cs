using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Promises the person owned and kept by their due time, closed in the range (000 PC15 "within the timescale indicated").</summary>
public sealed class PromiseEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct) =>
    [
        await WorkEvidence.FoundAsync(EvidenceKind.PromisesKeptOnTime, null,
            db.Set<Promise>().VisibleTo(db, q.Viewer).Where(p => p.OwnerId == q.StaffId && p.Status == PromiseStatus.Kept && p.KeptOnTime
                && p.ClosedAt >= q.From && p.ClosedAt < q.To),
            p => p.ClosedAt!.Value,
            p => new EvidenceRecord("promise", p.Id, p.ClosedAt!.Value, $"Kept on time: {p.What}",
                p.CaseId is { } c ? $"/cases/{c}" : p.ConversationId is { } v ? $"/conversations/{v}" : $"/customers/{p.CustomerId}"),
            ct),
    ];
}
