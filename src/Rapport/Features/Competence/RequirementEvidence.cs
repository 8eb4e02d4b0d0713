using Rapport.Features.Cases;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Cases where the person confirmed the customer's requirement with them, in the range (000 PC4, PC9; 003; 004 PC11).</summary>
public sealed class RequirementEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct) =>
    [
        await WorkEvidence.FoundAsync(EvidenceKind.RequirementsConfirmed, null,
            db.Cases.VisibleTo(db, q.Viewer).Where(c => c.RequirementConfirmedById == q.StaffId && c.RequirementConfirmedAt >= q.From && c.RequirementConfirmedAt < q.To),
            c => c.RequirementConfirmedAt!.Value,
            c => new EvidenceRecord("case", c.Id, c.RequirementConfirmedAt!.Value, $"{c.Reference} {c.Title}: requirement confirmed ({c.RequirementConfirmedHow})", $"/cases/{c.Id}"),
            ct),
    ];
}
