using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Consent the person asked for and recorded in the ledger in the range (000 PC3, PC16, PC17; 004 PC15).</summary>
public sealed class ConsentEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct) =>
    [
        await WorkEvidence.FoundAsync(EvidenceKind.ConsentAsked, null,
            db.Consents.Where(c => c.RecordedById == q.StaffId && c.RecordedAt >= q.From && c.RecordedAt < q.To),
            c => c.RecordedAt,
            c => new EvidenceRecord("consent", c.Id, c.RecordedAt, $"Consent {c.Decision} for {c.Purpose} by {c.Channel}", $"/customers/{c.CustomerId}"),
            ct),
    ];
}
