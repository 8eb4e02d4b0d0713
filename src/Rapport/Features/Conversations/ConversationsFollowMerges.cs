using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>When customers merge, their conversations and messages move to the surviving record.</summary>
internal sealed class ConversationsFollowMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public async Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct)
    {
        await db.Conversations.Where(c => c.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, survivorId), ct);
        await db.Messages.Where(m => m.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(m => m.CustomerId, survivorId), ct);
    }
}
