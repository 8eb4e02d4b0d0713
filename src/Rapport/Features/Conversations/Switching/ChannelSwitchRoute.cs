using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Where a reply goes after a switch of channel (<see cref="ChannelSwitch"/>). A reply answers a customer's message through
/// its <see cref="IReplyChannel"/>; after a switch there is none on the new channel yet, so the route stands in for one: a
/// message "from" the contact point on that channel (email, SMS), or the customer's own latest message there (web chat and
/// the messaging apps can only answer someone who wrote). The same mechanism as a chat left while offline, answered by
/// email at the address the visitor gave. Phone carries no written reply: a switch to phone leaves replies where they were.
/// </summary>
public static class ChannelSwitchRoute
{
    public static bool CarriesReplies(Channel channel) =>
        channel is Channel.Email or Channel.Sms or Channel.Chat or Channel.WhatsApp or Channel.Messenger or Channel.Telegram;

    /// <summary>
    /// The conversation's latest switch to a channel that carries replies, when it is later than <paramref name="customerLastWroteAt"/>:
    /// when the customer's last message reached Rapport (its stored time, not the sender's clock in a Date header).
    /// </summary>
    public static async Task<ChannelSwitch?> InForceAsync(RapportDbContext db, Guid conversationId, DateTime? customerLastWroteAt, CancellationToken ct)
    {
        var latest = await db.Set<ChannelSwitch>().AsNoTracking()
            .Where(s => s.ConversationId == conversationId && s.ToChannel != Channel.Phone && s.ToChannel != Channel.Video && s.ToChannel != Channel.Letter)
            .OrderByDescending(s => s.At).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return latest is not null && (customerLastWroteAt is null || latest.At >= customerLastWroteAt) ? latest : null;
    }

    /// <summary>The message a reply after <paramref name="change"/> answers; null when what it continues on is gone (a removed contact point).</summary>
    public static async Task<Message?> AnsweringAsync(RapportDbContext db, Conversation conversation, ChannelSwitch change, CancellationToken ct)
    {
        if (change.ContactPointId is { } pointId)
        {
            var point = await db.ContactPoints.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pointId, ct);
            if (point is null)
            {
                return null;
            }

            // An SMS account is chosen by where the customer texted before, when they did.
            var before = change.ToChannel == Channel.Sms
                ? await db.Messages.AsNoTracking().Where(m => m.CustomerId == conversation.CustomerId && m.Direction == MessageDirection.Inbound
                    && m.Channel == Channel.Sms && m.From == point.Normalized).OrderByDescending(m => m.At).Select(m => new { m.To, m.At }).FirstOrDefaultAsync(ct)
                : null;
            return new Message
            {
                ConversationId = conversation.Id,
                CustomerId = conversation.CustomerId,
                Direction = MessageDirection.Inbound,
                Channel = change.ToChannel,
                From = point.Normalized,
                To = before?.To,
                Text = "",
                At = before?.At ?? change.At,
                StoredAt = change.At,
            };
        }

        return await LatestFromCustomerAsync(db, conversation, change.ToChannel, ct);
    }

    /// <summary>
    /// The customer's latest message on <paramref name="channel"/> that a reply there can answer: in this conversation for
    /// web chat (the visitor's widget shows only its own conversation), in any of theirs for the messaging apps.
    /// </summary>
    public static Task<Message?> LatestFromCustomerAsync(RapportDbContext db, Conversation conversation, Channel channel, CancellationToken ct)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.Direction == MessageDirection.Inbound && !m.IsAutomatic && m.Channel == channel && m.ReplyTo == null);
        query = channel == Channel.Chat
            ? query.Where(m => m.ConversationId == conversation.Id)
            : query.Where(m => m.CustomerId == conversation.CustomerId);
        return query.OrderByDescending(m => m.At).FirstOrDefaultAsync(ct);
    }
}
