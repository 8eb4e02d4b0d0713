using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Email replies: sent from the mailbox the customer wrote to, threaded under their message (In-Reply-To, References),
/// with the conversation's token in the subject (<see cref="ConversationToken"/>) for mail clients that drop the headers.
/// </summary>
public sealed class EmailReplyChannel(RapportDbContext db) : IReplyChannel
{
    public bool Serves(Channel channel) => channel == Channel.Email;

    /// <summary>Email, and a message left on another channel with an email address to answer to (a chat left while offline).</summary>
    public bool Answers(Channel channel, string? replyTo) => channel == Channel.Email || (channel == Channel.Chat && replyTo is not null);

    public Channel ReplyOn(Channel answered) => Channel.Email;

    public bool CarriesFiles(Channel channel) => true;

    public async Task<ReplyAddress> AddressAsync(ReplyContext context, CancellationToken ct)
    {
        var last = context.Answering;
        var mailbox = await db.Mailboxes.AsNoTracking().Where(m => m.Enabled).OrderBy(m => m.Address == last.To ? 0 : 1).ThenBy(m => m.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("conversationId", "No mailbox is configured to send email from. An administrator can add one.");
        var domain = mailbox.Domain;
        var subject = last.Subject ?? context.Conversation.Subject;
        if (last.Channel != Channel.Email || last.ProviderMessageId is null)
        {
            // Not an email (a chat left offline, a conversation switched to email): nothing to thread under, and the
            // conversation continues on email from here.
            return new ReplyAddress(EmailSender.OutboxKind, mailbox.Address, last.ReplyTo ?? last.From,
                ConversationToken.Tag($"Re: {context.Conversation.Subject}", context.Conversation.Id), $"<{context.ReplyId:N}@{domain}>");
        }

        var references = string.Join(' ', (last.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(last.ProviderMessageId!).Distinct().TakeLast(20));
        // A reply goes where the answered email asked for answers (Reply-To), else to its sender.
        return new ReplyAddress(EmailSender.OutboxKind, mailbox.Address, last.ReplyTo ?? last.From,
            ConversationToken.Tag(subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : $"Re: {subject}", context.Conversation.Id),
            $"<{context.ReplyId:N}@{domain}>", last.ProviderMessageId, references);
    }

    public async Task<string?> WarningAsync(Channel channel, string? customerWroteTo, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().Where(m => m.Enabled).OrderBy(m => m.Address == customerWroteTo ? 0 : 1).ThenBy(m => m.Id).FirstOrDefaultAsync(ct);
        return mailbox?.Health.Status == Health.ChannelStatus.Failing
            ? $"The mailbox “{mailbox.Name}” ({mailbox.Address}) is failing: {mailbox.LastError} A reply sent now may not arrive."
            : null;
    }
}
