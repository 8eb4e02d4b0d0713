using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// A visitor asks for their chat by email: the transcript goes out from the organisation's mailbox as an email of the
/// same conversation, so the agents see that it was sent, to whom and what it said.
/// </summary>
public sealed class ChatTranscripts(RapportDbContext db, TimeProvider time, OutboxDispatcher dispatcher, ConversationEvents events)
{
    public async Task<Message> SendAsync(ChatSite site, ChatVisitor visitor, Guid? conversationId, string email, CancellationToken ct)
    {
        if (!ContactPointRules.TryNormalizeEmail(email, out var to))
        {
            throw new InvalidInputException("email", $"'{email}' is not a valid email address.");
        }

        if (conversationId is not { } id)
        {
            throw new InvalidInputException("email", "This chat has no message yet.");
        }

        var mailbox = await db.Mailboxes.AsNoTracking().Where(m => m.Enabled).OrderBy(m => m.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("email", "Transcripts cannot be emailed: the organisation has no mailbox to send from.");
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == id && m.Channel == Channel.Chat && m.Direction != MessageDirection.Note && !m.IsAutomatic)
            .OrderBy(m => m.StoredAt).Take(1_000).ToListAsync(ct);
        var text = new StringBuilder($"Your chat with {site.Name}\n\n");
        foreach (var m in messages)
        {
            var who = m.Direction == MessageDirection.Inbound ? "You" : m.AuthorName ?? site.Name;
            text.Append(CultureInfo.InvariantCulture, $"[{m.At:yyyy-MM-dd HH:mm} UTC] {who}: {m.Text}\n\n");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var messageId = Guid.CreateVersion7();
        var transcript = new Message
        {
            Id = messageId,
            ConversationId = id,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Outbound,
            Channel = Channel.Email,
            ProviderMessageId = $"<{messageId:N}@{mailbox.Domain}>",
            From = mailbox.Address,
            FromName = site.Name,
            To = to,
            Subject = ConversationToken.Tag($"Your chat with {site.Name}", id),
            Text = CardNumbers.Mask(text.ToString().TrimEnd())!,
            At = now,
            StoredAt = now,
            AuthorName = "Chat transcript",
        };
        await OutboundMessages.QueueAsync(db, transcript, EmailSender.OutboxKind, now, ct);
        dispatcher.Nudge();
        events.Changed(id);
        return transcript;
    }
}
