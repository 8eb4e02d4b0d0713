using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>Writes worked-out figures to the stored rows the at-risk list reads.</summary>
internal static class LoyaltyStore
{
    public static async Task SaveAsync(RapportDbContext db, IReadOnlyList<CustomerLoyaltyFigures> figures, DateTime now, CancellationToken ct)
    {
        var ids = figures.Select(f => f.CustomerId).ToList();
        var rows = await db.Set<CustomerLoyalty>().Where(l => ids.Contains(l.CustomerId)).ToDictionaryAsync(l => l.CustomerId, ct);
        foreach (var f in figures)
        {
            if (!rows.TryGetValue(f.CustomerId, out var row))
            {
                row = new CustomerLoyalty { CustomerId = f.CustomerId };
                db.Add(row);
            }

            row.Set(f, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request or the refresh stored the same customer first; their figures are as fresh as these.
            db.ChangeTracker.Clear();
        }
    }
}
