using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>A provider's word on an outbound message: its id at the provider, the new state, and for a failure the code and why.</summary>
public sealed record DeliveryReport(string ProviderMessageId, DeliveryState State, string? ErrorCode = null, string? Explanation = null);

/// <summary>
/// Applies status callbacks to the outbound messages they name. Unknown ids change nothing (a provider may report on a
/// message sent by another system on the same account); out-of-order and repeated callbacks never move a message back.
/// </summary>
public sealed class DeliveryReports(RapportDbContext db, TimeProvider time, ConversationEvents events)
{
    /// <summary>Returns whether a message changed.</summary>
    public async Task<bool> ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.ProviderMessageId == report.ProviderMessageId && m.Direction == MessageDirection.Outbound, ct);
        if (message is null || !message.ApplyReport(report.State, report.ErrorCode, report.Explanation, time.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        await db.SaveChangesAsync(ct);
        events.Changed(message.ConversationId);
        return true;
    }
}
