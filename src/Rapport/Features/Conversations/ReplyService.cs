using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Email;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Conversations;

/// <summary>
/// An agent's reply: the outbound message and its outbox item are written in one transaction, then the dispatcher
/// sends it. The reply threads under the customer's latest message, and its subject carries the conversation's token
/// (<see cref="ConversationToken"/>) for mail clients that drop the threading headers.
/// </summary>
public sealed class ReplyService(RapportDbContext db, TimeProvider time, OutboxDispatcher dispatcher, ConversationEvents events)
{
    public async Task<Message?> ReplyAsync(Guid conversationId, string text, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("text", "A reply cannot be empty.");
        }

        // Whoever may not see the conversation may not write to it either, whichever feature sends (referral, delay notice).
        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).VisibleTo(db, Viewer.Of(user)).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var last = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound && !m.IsAutomatic && m.Channel == Channel.Email)
            .OrderByDescending(m => m.At).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("conversationId", "Replies are sent by email today, and this conversation has no email from the customer to answer.");
        var mailbox = await db.Mailboxes.Where(m => m.Enabled).OrderBy(m => m.Address == last.To ? 0 : 1).ThenBy(m => m.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("conversationId", "No mailbox is configured to send email from. An administrator can add one.");

        var now = time.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var domain = mailbox.Address[(mailbox.Address.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var subject = last.Subject ?? conversation.Subject;
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var references = string.Join(' ', (last.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(last.ProviderMessageId!).Distinct().TakeLast(20));
        var reply = new Message
        {
            Id = id,
            ConversationId = conversationId,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Outbound,
            Channel = Channel.Email,
            ProviderMessageId = $"<{id:N}@{domain}>",
            From = mailbox.Address,
            FromName = name,
            To = last.From,
            Subject = ConversationToken.Tag(subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : $"Re: {subject}", conversationId),
            Text = CardNumbers.Mask(text.Trim())!,
            At = now,
            StoredAt = now,
            AuthorId = user.UserId(),
            AuthorName = name,
            InReplyTo = last.ProviderMessageId,
            References = references,
        };
        reply.Queue();
        db.Messages.Add(reply);
        db.OutboxItems.Add(OutboxItem.For(EmailSender.OutboxKind, reply.Id, now));
        await Cases.CaseActivity.RecordAgentReplyAsync(db, conversationId, now, ct);
        // Within the caller's transaction when there is one (a referral tells the customer as part of its own change).
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            await ConversationCounters.AddAsync(db, [reply], ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        dispatcher.Nudge();
        events.Changed(conversationId);
        return reply;
    }
}
