using Microsoft.EntityFrameworkCore;
using Rapport.Features.Competence;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Competence evidence from loyalty work (C27): the extra-mile actions a person logged (002 PC10–PC12, 004 PC10) and the
/// offers of added value they granted within their authority (002 PC12, 004 PC14), in the range, on customers whose
/// loyalty the viewer may see (counts and records alike).
/// </summary>
public sealed class LoyaltyEvidence(RapportDbContext db) : ICompetenceEvidenceSource
{
    public async Task<IReadOnlyList<EvidenceFound>> FindAsync(EvidenceQuery q, CancellationToken ct)
    {
        var visible = db.Customers.Select(c => c.Id).WhoseLoyaltyIsVisible(db, q.Viewer);
        IQueryable<LoyaltyAction> Of(LoyaltyActionKind kind)
        {
            var actions = db.Set<LoyaltyAction>().AsNoTracking().Where(a => a.ById == q.StaffId && a.Kind == kind && a.At >= q.From && a.At < q.To);
            return q.Viewer.SeesAll ? actions : actions.Where(a => visible.Contains(a.CustomerId));
        }

        return
        [
            await Found(EvidenceKind.ExtraMileActions, Of(LoyaltyActionKind.ExtraMile), "Extra mile", ct),
            await Found(EvidenceKind.AddedValueGranted, Of(LoyaltyActionKind.OfferGranted), "Added value granted", ct),
        ];
    }

    private static async Task<EvidenceFound> Found(EvidenceKind kind, IQueryable<LoyaltyAction> actions, string label, CancellationToken ct)
    {
        var count = await actions.CountAsync(ct);
        var newest = count == 0 ? [] : await actions.OrderByDescending(a => a.At).Take(EvidenceQuery.RecordsShown).ToListAsync(ct);
        return new EvidenceFound(kind, null, count,
            newest.Select(a => new EvidenceRecord("loyaltyAction", a.Id, a.At, $"{label}: {a.Text}", $"/customers/{a.CustomerId}")).ToList());
    }
}
