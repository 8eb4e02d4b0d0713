using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>What a channel needs to address a reply: the conversation, the customer's message being answered, the new message's id.</summary>
public sealed record ReplyContext(Conversation Conversation, Message Answering, Guid ReplyId);

/// <summary>
/// How a channel addresses a reply, and which outbox sender carries it. <paramref name="SentWhenStored"/>: the channel is
/// Rapport itself (web chat: the visitor's widget reads the reply from the database), so a reply committed on its own is
/// sent, and the live event after the commit is its delivery; the outbox carries it only inside a caller's transaction,
/// whose commit this cannot see. <paramref name="Unsent"/>: nothing carries the reply; it is stored as a draft for a person
/// to finish (a letter, printed and posted by hand), with no outbox item and no delivery state.
/// </summary>
public sealed record ReplyAddress(string OutboxKind, string From, string To, string? Subject = null, string? ProviderMessageId = null,
    string? InReplyTo = null, string? References = null, bool SentWhenStored = false, bool Unsent = false);

/// <summary>
/// A channel that can carry an agent's reply. Conversations know no channel: a reply goes out on the channel the customer
/// last wrote on, through the implementation that serves it (email, SMS and messaging apps, …), via the outbox.
/// </summary>
public interface IReplyChannel
{
    bool Serves(Channel channel);

    /// <summary>Whether this channel carries the answer to a message that came on <paramref name="channel"/> asking for answers at <paramref name="replyTo"/> (a message may ask to be answered elsewhere).</summary>
    bool Answers(Channel channel, string? replyTo) => Serves(channel);

    /// <summary>The channel the reply goes out on: this one, when it answers a message that came on another.</summary>
    Channel ReplyOn(Channel answered) => answered;

    /// <summary>Whether a reply on <paramref name="channel"/> can carry files the agent attached.</summary>
    bool CarriesFiles(Channel channel) => false;

    /// <summary>Addresses the reply; throws <see cref="Infrastructure.Api.InvalidInputException"/> when it cannot be sent on this channel now.</summary>
    Task<ReplyAddress> AddressAsync(ReplyContext context, CancellationToken ct);

    /// <summary>What the agent should know about a draft on this channel as they type (its cost in SMS, a closing window); null when nothing.</summary>
    string? Advice(Channel channel, string draft, DateTime customerLastWroteAt, DateTime now) => null;

    /// <summary>
    /// Why a reply on this channel may not arrive now, said before the agent sends: the account or mailbox it would leave
    /// from is failing. <paramref name="customerWroteTo"/> is where the answered message arrived. Null when nothing is known to be wrong.
    /// </summary>
    Task<string?> WarningAsync(Channel channel, string? customerWroteTo, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>
    /// The reply was written (committed, unless a caller's transaction holds it): a channel that is Rapport itself
    /// (<see cref="ReplyAddress.SentWhenStored"/>) delivers it now. The outbox still carries what a caller's transaction wrote.
    /// </summary>
    void Written(Message reply)
    {
    }
}
