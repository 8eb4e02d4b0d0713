using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// A chat reply's delivery moves sent → delivered → read, and three parties move it at once: the outbox (sent), the
/// visitor's connection reading it (delivered) and the visitor seeing it (read). Each move is one conditional update
/// in the database, never a read-modify-write of a loaded message, so a later stage is never overwritten by an earlier one.
/// </summary>
public static class ChatDelivery
{
    private static readonly DeliveryState[] BeforeSent = [DeliveryState.None, DeliveryState.Queued, DeliveryState.Retrying];
    private static readonly DeliveryState[] BeforeDelivered = [DeliveryState.None, DeliveryState.Queued, DeliveryState.Retrying, DeliveryState.Sent];

    public static Task<int> SentAsync(RapportDbContext db, Guid messageId, DateTime now, CancellationToken ct) =>
        db.Messages.Where(m => m.Id == messageId && BeforeSent.Contains(m.Delivery))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Delivery, DeliveryState.Sent).SetProperty(m => m.DeliveryError, (string?)null)
                .SetProperty(m => m.DeliveryAttempts, m => m.DeliveryAttempts + 1).SetProperty(m => m.DeliveryUpdatedAt, now), ct);

    public static Task<int> DeliveredAsync(RapportDbContext db, IReadOnlyCollection<Guid> replyIds, DateTime now, CancellationToken ct) => InWriteAsync(db, () =>
        db.Messages.Where(m => replyIds.Contains(m.Id) && BeforeDelivered.Contains(m.Delivery))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Delivery, DeliveryState.Delivered).SetProperty(m => m.DeliveryUpdatedAt, now), ct), ct);

    /// <summary>Every reply of the chat stored up to <paramref name="upTo"/> that is not read (nor failed) yet.</summary>
    public static Task<int> ReadAsync(RapportDbContext db, Guid conversationId, DateTime upTo, DateTime now, CancellationToken ct) => InWriteAsync(db, () =>
        db.Messages.Where(m => m.ConversationId == conversationId && m.Channel == Channel.Chat && m.Direction == MessageDirection.Outbound
                && m.StoredAt <= upTo && m.Delivery != DeliveryState.Read && m.Delivery != DeliveryState.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Delivery, DeliveryState.Read).SetProperty(m => m.DeliveryUpdatedAt, now), ct), ct);

    /// <summary>Outside the outbox's transaction a write still queues for SQLite's one write lock, as every write does.</summary>
    private static async Task<int> InWriteAsync(RapportDbContext db, Func<Task<int>> write, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await write();
        }

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var changed = await write();
        await transaction.CommitAsync(ct);
        return changed;
    }
}
