using Rapport.Features.Cases;
using Rapport.Features.Complaints;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>
/// Complaints the person listened to or thanked the customer for, whose follow-up was kept or waived with a reason, thanked
/// in the range (001 PC3; 002 PC5–PC9; 004 PC5–PC8; 003's LAST).
/// </summary>
public sealed class ComplaintEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct)
    {
        var cases = db.Cases.VisibleTo(db, q.Viewer);
        var done = db.Set<Complaint>()
            .Where(c => c.ListenedById == q.StaffId || c.ThankedById == q.StaffId)
            .Where(c => c.ThankedAt >= q.From && c.ThankedAt < q.To)
            .Where(c => c.FollowUpWaivedAt != null
                || db.Set<Promise>().Any(p => p.Id == c.FollowUpPromiseId && p.Status == PromiseStatus.Kept))
            .Join(cases, c => c.CaseId, k => k.Id, (c, k) => new { c.CaseId, k.Number, k.Title, ThankedAt = c.ThankedAt!.Value, c.FollowUpWaivedAt });
        return
        [
            await WorkEvidence.FoundAsync(EvidenceKind.ComplaintsResolvedWithFollowUp, null, done, c => c.ThankedAt,
                c => new EvidenceRecord("complaint", c.CaseId, c.ThankedAt,
                    $"{CaseNumbers.Format(c.Number)} {c.Title}: LAST, follow-up {(c.FollowUpWaivedAt is null ? "kept" : "waived with a reason")}", $"/cases/{c.CaseId}"),
                ct),
        ];
    }
}
