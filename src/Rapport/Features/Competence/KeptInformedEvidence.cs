using Rapport.Features.Cases;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>
/// Customer-update targets met on time on the cases the person owns, met in the range: the customer was kept informed
/// before the service standard said they must be (000 PC10–PC11, 001 PC4, 002 PC2, 004 PC4).
/// </summary>
public sealed class KeptInformedEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct)
    {
        var updates = db.Set<CaseTarget>()
            .Where(t => t.Kind == TargetKind.CustomerUpdate && t.BreachedAt == null && t.MetAt >= q.From && t.MetAt < q.To)
            .Join(db.Cases.VisibleTo(db, q.Viewer).Where(c => c.OwnerId == q.StaffId), t => t.CaseId, c => c.Id,
                (t, c) => new { c.Id, c.Number, c.Title, MetAt = t.MetAt!.Value });
        return
        [
            await WorkEvidence.FoundAsync(EvidenceKind.CustomersKeptInformed, null, updates, u => u.MetAt,
                u => new EvidenceRecord("case", u.Id, u.MetAt, $"{CaseNumbers.Format(u.Number)} {u.Title}: customer updated on time", $"/cases/{u.Id}"), ct),
        ];
    }
}
