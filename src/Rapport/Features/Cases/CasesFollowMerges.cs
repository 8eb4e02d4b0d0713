using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>When customers merge, their cases move to the surviving record.</summary>
internal sealed class CasesFollowMerges(RapportDbContext db) : ICustomerMergeParticipant
{
    public async Task OnMergedAsync(Guid survivorId, Guid duplicateId, CancellationToken ct) =>
        await db.Cases.Where(c => c.CustomerId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, survivorId), ct);
}

/// <summary>What other features tell cases: an agent answered the customer on a conversation linked to a case.</summary>
public static class CaseActivity
{
    /// <summary>Adds to the caller's unit of work; saved (or not) with the reply.</summary>
    public static async Task RecordAgentReplyAsync(RapportDbContext db, Guid conversationId, DateTime at, CancellationToken ct)
    {
        var linked = await db.CaseConversations.Where(l => l.ConversationId == conversationId)
            .Join(db.Cases, l => l.CaseId, c => c.Id, (l, c) => c).FirstOrDefaultAsync(ct);
        linked?.RecordCustomerUpdate(at);
    }
}
