using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

public enum MessageDirection { Inbound, Outbound, Note }

/// <summary>
/// Delivery of an outbound message, visible on the message. <c>Unconfirmed</c>: Rapport stopped while sending it, so it may
/// or may not have reached the customer; it is not sent again unless a person asks.
/// </summary>
public enum DeliveryState { None, Queued, Retrying, Sent, Failed, Delivered, Read, Unconfirmed }

/// <summary>
/// One message in a conversation on any channel, in or out, or an internal note. Text is stored after payment
/// card numbers are masked; HTML only after sanitising.
/// </summary>
public sealed class Message
{
    public const int TextMaxLength = 100_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ConversationId { get; init; }
    public Guid CustomerId { get; internal set; }
    public MessageDirection Direction { get; init; }
    public Channel Channel { get; init; }
    /// <summary>The provider's id (email Message-ID, SMS sid, chat message id): the idempotency key per channel.</summary>
    public string? ProviderMessageId { get; set; }
    /// <summary>The sender's address on the channel (email address, E.164 phone, network:handle).</summary>
    public required string From { get; init; }
    [FreeText]
    public string? FromName { get; init; }
    public string? To { get; init; }
    [FreeText]
    public string? Subject { get; init; }
    [FreeText]
    public required string Text { get; set; }
    [FreeText]
    public string? Html { get; init; }
    /// <summary>When the message was sent or received, as the channel reports it.</summary>
    public DateTime At { get; init; }
    /// <summary>When Rapport stored it.</summary>
    public DateTime StoredAt { get; init; }
    public Guid? AuthorId { get; init; }
    public string? AuthorName { get; init; }
    /// <summary>Email threading: the Message-ID this replies to and the References chain (space-separated).</summary>
    public string? InReplyTo { get; init; }
    public string? References { get; init; }
    /// <summary>Why the message could not be read cleanly; the raw original is kept.</summary>
    public string? ParseWarning { get; set; }
    /// <summary>Where the original (raw email, provider payload) is kept in the blob store, when it is.</summary>
    public string? RawRef { get; init; }
    /// <summary>Sent by a machine (auto-reply, read receipt, bounce): shown as an event, never reopens anything.</summary>
    public bool IsAutomatic { get; init; }
    /// <summary>When the sender last edited it on their channel; earlier texts are kept as <see cref="MessageRevision"/>s.</summary>
    public DateTime? EditedAt { get; set; }
    /// <summary>Why the message was taken for what it is: machine mail (which header or report), or list mail shown as a message.</summary>
    [FreeText]
    public string? Classification { get; init; }
    /// <summary>Where a reply to this message goes when that is not <see cref="From"/> (an email's Reply-To).</summary>
    public string? ReplyTo { get; init; }
    public DeliveryState Delivery { get; private set; }
    public string? DeliveryError { get; private set; }
    /// <summary>The provider's own error code for a failed delivery (Twilio 30003, WhatsApp 131047), for lookup and reports.</summary>
    public string? DeliveryErrorCode { get; private set; }
    public int DeliveryAttempts { get; private set; }
    public DateTime? DeliveryUpdatedAt { get; private set; }


    public void Queue() => Delivery = DeliveryState.Queued;

    public const string UnconfirmedReason = "Rapport stopped while sending this; it may have reached the customer.";

    public void MarkUnconfirmed(DateTime at)
    {
        Delivery = DeliveryState.Unconfirmed;
        DeliveryError = UnconfirmedReason;
        DeliveryAttempts++;
        DeliveryUpdatedAt = at;
    }

    /// <summary>A person asked to send an unconfirmed message again.</summary>
    public void QueueAgain(DateTime at)
    {
        Delivery = DeliveryState.Queued;
        DeliveryError = null;
        DeliveryUpdatedAt = at;
    }

    /// <summary>A person confirmed an unconfirmed message reached the customer (nothing is sent).</summary>
    public void ConfirmSent(DateTime at)
    {
        Delivery = DeliveryState.Sent;
        DeliveryError = null;
        DeliveryUpdatedAt = at;
    }

    public void MarkSent()
    {
        Delivery = DeliveryState.Sent;
        DeliveryError = null;
        DeliveryAttempts++;
    }

    /// <summary>
    /// Applies a provider's status callback. Callbacks arrive out of order, so only a later stage moves the state: a late
    /// "sent" never undoes "delivered", and nothing moves a message the provider said it could not deliver.
    /// </summary>
    public bool ApplyReport(DeliveryState state, string? errorCode, string? error, DateTime at)
    {
        if (Stage(state) <= Stage(Delivery) || Delivery == DeliveryState.Failed)
        {
            return false;
        }

        Delivery = state;
        DeliveryErrorCode = state == DeliveryState.Failed ? errorCode is null ? null : Conversation.Truncate(errorCode, 50) : null;
        DeliveryError = state == DeliveryState.Failed ? error is null ? null : Conversation.Truncate(error, 1000) : null;
        DeliveryUpdatedAt = at;
        return true;
    }

    private static int Stage(DeliveryState state) => state switch
    {
        // A report about an unconfirmed message (a bounce, a read receipt) settles what happened to it.
        DeliveryState.None or DeliveryState.Queued or DeliveryState.Retrying or DeliveryState.Unconfirmed => 0,
        DeliveryState.Sent => 1,
        DeliveryState.Delivered or DeliveryState.Failed => 2,
        DeliveryState.Read => 3,
        _ => 0,
    };

    public void MarkAttemptFailed(string error, bool willRetry)
    {
        Delivery = willRetry ? DeliveryState.Retrying : DeliveryState.Failed;
        DeliveryError = Conversation.Truncate(error, 1000);
        DeliveryAttempts++;
    }
}
