using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Replies on web chat go to the visitor whose messages the conversation holds; the visitor's widget shows them live or
/// when they come back. A message left while the chat was offline asked for an email answer and is answered by email.
/// </summary>
public sealed class ChatReplyChannel(RapportDbContext db, ChatRelay relay) : IReplyChannel
{
    public const string OutboxKind = "chat";

    public bool Serves(Channel channel) => channel == Channel.Chat;

    public bool Answers(Channel channel, string? replyTo) => channel == Channel.Chat && replyTo is null;

    /// <summary>The visitor's widget lists the files of the agent's replies and downloads them with the visitor's token.</summary>
    public bool CarriesFiles(Channel channel) => true;

    public async Task<ReplyAddress> AddressAsync(ReplyContext context, CancellationToken ct)
    {
        var handle = ChatThread.HandleOf(context.Answering.InReplyTo);
        var visitor = handle is null ? null : await db.ChatVisitors.AsNoTracking().FirstOrDefaultAsync(v => v.Handle == handle, ct);
        if (visitor is null)
        {
            throw new InvalidInputException("conversationId", "The visitor of this chat is no longer known (their chat site was removed). Contact the customer on another channel.");
        }

        return new ReplyAddress(OutboxKind, visitor.SiteId.ToString(), visitor.DisplayName, ProviderMessageId: $"webchat-reply-{context.ReplyId:N}",
            InReplyTo: visitor.ThreadReference, SentWhenStored: true);
    }

    /// <summary>
    /// The visitor's widget, on whichever node it is open, shows the reply now. Committed on its own (sent when stored) and
    /// without files, it is handed to this node's connections as it is; otherwise (inside a caller's transaction, which
    /// the outbox carries, or with files, whose views the database gives) they read it.
    /// </summary>
    public void Written(Message reply)
    {
        if (reply is { Delivery: DeliveryState.Sent, Channel: Channel.Chat, Direction: MessageDirection.Outbound, IsAutomatic: false }
            && db.Database.CurrentTransaction is null
            && !db.ChangeTracker.Entries<MessageAttachment>().Any(a => a.Entity.MessageId == reply.Id))
        {
            relay.Replied(reply);
        }
        else
        {
            relay.ConversationChanged(reply.ConversationId);
        }
    }

    public string? Advice(Channel channel, string draft, DateTime customerLastWroteAt, DateTime now) =>
        channel == Channel.Chat ? "The visitor sees your reply at once if their chat is open, or when they next open it." : null;
}

/// <summary>The thread reference every message of one visitor names: <c>webchat-{handle}</c>.</summary>
public static class ChatThread
{
    public const string Prefix = "webchat-";

    public static string? HandleOf(string? reference) =>
        reference is { Length: > 8 } r && r.StartsWith(Prefix, StringComparison.Ordinal) && !r.StartsWith(Prefix + "reply-", StringComparison.Ordinal)
            ? r[Prefix.Length..] : null;
}
