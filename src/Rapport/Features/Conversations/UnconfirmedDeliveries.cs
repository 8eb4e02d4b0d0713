using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Conversations;

public enum UnconfirmedOutcome { Done, NotFound, NotUnconfirmed }

/// <summary>What became of a message after a person decided about its unconfirmed delivery.</summary>
public sealed record UnconfirmedDeliveryResult(Guid MessageId, Guid ConversationId, DeliveryState Delivery);

/// <summary>
/// The two decisions a person makes about a reply whose delivery is unconfirmed (Rapport stopped while sending it, so it may
/// have reached the customer): send it again — the same message, so an email keeps its Message-ID — or mark it sent without
/// sending. Either is audited, and only one of two people deciding at once wins.
/// </summary>
public sealed class UnconfirmedDeliveries(RapportDbContext db, TimeProvider time, OutboxDispatcher dispatcher, ConversationEvents events)
{
    public Task<(UnconfirmedOutcome Outcome, UnconfirmedDeliveryResult? Result)> SendAgainAsync(Guid messageId, Viewer viewer, CancellationToken ct) =>
        DecideAsync(messageId, viewer, OutboxState.Pending, "message.sentAgain", (message, now) => message.QueueAgain(now), ct);

    public Task<(UnconfirmedOutcome Outcome, UnconfirmedDeliveryResult? Result)> MarkSentAsync(Guid messageId, Viewer viewer, CancellationToken ct) =>
        DecideAsync(messageId, viewer, OutboxState.Sent, "message.markedSent", (message, now) => message.ConfirmSent(now), ct);

    private async Task<(UnconfirmedOutcome, UnconfirmedDeliveryResult?)> DecideAsync(Guid messageId, Viewer viewer, OutboxState to, string action,
        Action<Message, DateTime> apply, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var message = await db.Messages.VisibleTo(db, viewer).FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null)
        {
            return (UnconfirmedOutcome.NotFound, null);
        }

        if (message.Delivery != DeliveryState.Unconfirmed)
        {
            return (UnconfirmedOutcome.NotUnconfirmed, null);
        }

        var item = await db.OutboxItems.FirstOrDefaultAsync(o => o.SubjectId == messageId && o.State == OutboxState.Unconfirmed, ct);
        // Conditional (a row lock on PostgreSQL), so a second decision made at the same moment finds nothing left to decide.
        if (item is null || await db.OutboxItems.Where(o => o.Id == item.Id && o.State == OutboxState.Unconfirmed)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, to), ct) == 0)
        {
            return (UnconfirmedOutcome.NotUnconfirmed, null);
        }

        if (to == OutboxState.Pending)
        {
            item.SendAgain(now);
        }
        else
        {
            item.ConfirmSent(now);
            await Webhooks.WebhookEvents.RaiseAsync(db, Webhooks.WebhookEvents.MessageSent,
                [new { message.Id, message.ConversationId, message.CustomerId, message.Channel, message.At, message.Subject, message.Text }], now, ct);
        }

        apply(message, now);
        db.Audit.Record(action, "conversation", message.ConversationId, new { messageId, channel = message.Channel });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Changed(message.ConversationId);
        if (to == OutboxState.Pending)
        {
            dispatcher.Nudge();
        }

        return (UnconfirmedOutcome.Done, new UnconfirmedDeliveryResult(message.Id, message.ConversationId, message.Delivery));
    }
}
