using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// When customers merge, the duplicate's consent entries join the survivor's ledger unchanged. Both records were the
/// same person, so the newest decision across both records decides each purpose.
/// </summary>
internal sealed class ConsentsFollowMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct) =>
        db.Consents.Where(c => c.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, survivorId), ct);
}
