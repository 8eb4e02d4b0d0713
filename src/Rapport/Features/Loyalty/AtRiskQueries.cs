using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// The customers most at risk of leaving, from the stored scores (index on score), shown only where the viewer may see
/// every conversation and case of the customer (<see cref="LoyaltyVisibility"/>); optionally only customers with a
/// conversation or case routed to one team.
/// </summary>
public sealed class AtRiskQueries(RapportDbContext db)
{
    public const int MaxTake = 200;

    public async Task<AtRiskListDto> TopAsync(Viewer viewer, int take, Guid? teamId, int? minScore, CancellationToken ct)
    {
        var settings = await LoyaltySettings.ReadAsync(db, ct);
        var query = db.Set<CustomerLoyalty>().AsNoTracking().Where(l => l.Score >= (minScore ?? 1)).VisibleTo(db, viewer);
        if (teamId is { } team)
        {
            query = query.Where(l => db.Conversations.Any(c => c.CustomerId == l.CustomerId && c.TeamId == team)
                || db.Cases.Any(c => c.CustomerId == l.CustomerId && c.TeamId == team));
        }

        var rows = await query
            .Join(db.Customers.Where(c => c.MergedIntoId == null && c.ErasedAt == null), l => l.CustomerId, c => c.Id, (l, c) => new { l, c.Name })
            .OrderByDescending(r => r.l.Score).ThenBy(r => r.l.CustomerId).Take(Math.Clamp(take, 1, MaxTake))
            .ToListAsync(ct);
        return new AtRiskListDto(rows
            .Select(r => new AtRiskDto(r.l.CustomerId, r.Name, r.l.Score,
                r.l.FactorList.Where(f => f.Points > 0).OrderByDescending(f => f.Points).ToList(), r.l.LastContactAt, r.l.RepeatContacts,
                r.l.LongStanding, r.l.ComputedAt))
            .ToList(), settings.AtRiskScore);
    }
}
