using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>When customers merge, business, grants and extra-mile actions move to the surviving record; the duplicate's stored score goes.</summary>
internal sealed class LoyaltyFollowsMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public async Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct)
    {
        await db.Set<BusinessRecord>().Where(b => b.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(b => b.CustomerId, survivorId), ct);
        await db.Set<LoyaltyAction>().Where(a => a.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CustomerId, survivorId), ct);
        await db.Set<CustomerLoyalty>().Where(l => l.CustomerId == duplicateId).ExecuteDeleteAsync(ct);
    }
}
