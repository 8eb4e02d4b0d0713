using Rapport.Features.Referrals;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

/// <summary>Referrals the person made in the range, each with the reason they gave (000 PC14, 001 PC5, 002 PC13, 004 PC9).</summary>
public sealed class ReferralEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct) =>
    [
        await WorkEvidence.FoundAsync(EvidenceKind.ReferralsWithReasons, null,
            db.Referrals.VisibleTo(db, q.Viewer).Where(r => r.FromUserId == q.StaffId && r.Reason != "" && r.CreatedAt >= q.From && r.CreatedAt < q.To),
            r => r.CreatedAt,
            r => new EvidenceRecord("referral", r.Id, r.CreatedAt, $"Referred to {r.ToName}: {r.Reason}", $"/referrals/{r.Id}"),
            ct),
    ];
}
