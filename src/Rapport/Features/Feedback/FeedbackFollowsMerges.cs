using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>When customers merge, their feedback and surveys move to the surviving record (and so count for its quiet period).</summary>
internal sealed class FeedbackFollowsMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public async Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct)
    {
        await db.Set<FeedbackEntry>().Where(f => f.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(f => f.CustomerId, survivorId), ct);
        await db.Set<SurveyInvitation>().Where(f => f.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(f => f.CustomerId, survivorId), ct);
    }
}
