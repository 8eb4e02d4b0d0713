using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>Writes worked-out figures to the stored rows the at-risk list reads.</summary>
internal static class LoyaltyStore
{
    /// <summary>
    /// Stores the figures, except in rows that already hold them and were worked out less than <paramref name="keepSameFor"/>
    /// ago: a customer's page works the figures out on every view, and rewriting an unchanged row made every read a write.
    /// </summary>
    public static async Task SaveAsync(RapportDbContext db, IReadOnlyList<CustomerLoyaltyFigures> figures, DateTime now, CancellationToken ct,
        TimeSpan keepSameFor = default)
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
            else if (now - row.ComputedAt < keepSameFor && row.Says(f))
            {
                continue;
            }

            row.Set(f, now);
        }

        if (!db.ChangeTracker.HasChanges())
        {
            return;
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
