using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Delivers an agent's chat reply: it is stored already, so sending means waking the visitor's open widget (on whichever
/// node it is connected) to read it. It counts as delivered when the widget has read it, and read when the visitor saw it.
/// </summary>
public sealed class ChatSender(RapportDbContext db, ChatRelay relay, ConversationEvents events, TimeProvider time) : IOutboxSender
{
    private Guid? conversation;

    public string Kind => ChatReplyChannel.OutboxKind;

    public Task SendAsync(OutboxItem item, CancellationToken ct) => Task.CompletedTask;

    public async Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct)
    {
        if (sent)
        {
            // The visitor may have read the reply already (their line was awake for another reason): never undo that.
            await ChatDelivery.SentAsync(db, item.SubjectId, time.GetUtcNow().UtcDateTime, ct);
            conversation = await db.Messages.Where(m => m.Id == item.SubjectId).Select(m => (Guid?)m.ConversationId).FirstOrDefaultAsync(ct);
            return;
        }

        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct);
        if (message is not null)
        {
            conversation = message.ConversationId;
            message.MarkAttemptFailed(error ?? "unknown error", willRetry);
        }
    }

    public void OutcomeCommitted(OutboxItem item)
    {
        if (conversation is { } id)
        {
            relay.ConversationChanged(id);
            events.Changed(id);
        }
    }
}
