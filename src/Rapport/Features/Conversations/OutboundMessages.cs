using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Conversations;

/// <summary>
/// The one way an outbound message is written: queued, with its outbox item and the conversation's counters, in one
/// transaction (the caller's, when there is one), so a message is never stored without the item that sends it. An
/// <c>unsent</c> message (a letter to print) is stored as a draft: nothing is queued to carry it.
/// </summary>
public static class OutboundMessages
{
    public static async Task QueueAsync(RapportDbContext db, Message message, string outboxKind, DateTime now, CancellationToken ct,
        bool sentWhenStored = false, bool unsent = false)
    {
        if (sentWhenStored && db.Database.CurrentTransaction is null)
        {
            message.MarkSent();
        }
        else if (!unsent)
        {
            message.Queue();
            db.OutboxItems.Add(OutboxItem.For(outboxKind, message.Id, now));
        }

        db.Messages.Add(message);
        await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await ConversationCounters.AddAsync(db, [message], ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}
