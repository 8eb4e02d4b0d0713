using System.ComponentModel.DataAnnotations;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>The sender of an inbound message: exactly one of email, phone, or handle with network.</summary>
public sealed record InboundSenderRequest(
    [property: StringLength(320)] string? Email = null,
    [property: StringLength(50)] string? Phone = null,
    [property: StringLength(200)] string? Handle = null,
    [property: StringLength(30)] string? Network = null,
    [property: StringLength(200)] string? Name = null);

/// <summary>A message from another system into the ingestion pipeline. Idempotent on (channel, providerMessageId).</summary>
public sealed record InboundMessageRequest(
    Channel Channel,
    [property: Required, StringLength(500, MinimumLength = 1)] string ProviderMessageId,
    [property: Required] InboundSenderRequest From,
    [property: StringLength(Message.TextMaxLength)] string? Text = null,
    [property: StringLength(300)] string? Subject = null,
    [property: StringLength(500_000)] string? Html = null,
    [property: StringLength(500)] string? To = null,
    DateTime? SentAt = null,
    [property: StringLength(500)] string? InReplyTo = null,
    List<string>? References = null,
    Guid? ConversationId = null)
{
    public InboundMessage ToInbound() => new(Channel, ProviderMessageId,
        new InboundSender(From.Email, From.Phone, From.Handle, From.Network, From.Name), Text ?? "", Subject, Html, To,
        SentAt, InReplyTo, References, ConversationId);
}

/// <summary>
/// What became of an accepted inbound message: <c>status</c> is <c>processing</c>, <c>stored</c>, <c>duplicate</c>,
/// <c>ignored</c> (an automatic message that matched no conversation: kept in the automatic mail view, see
/// <c>/api/v1/automatic-mail</c>) or <c>failed</c> (set aside for a person to look at);
/// <c>result</c> has the ids once stored.
/// </summary>
public sealed record InboundReceiptDto(Guid Receipt, string Status, IngestResult? Result)
{
    public static InboundReceiptDto From(IngestReceipt r) => new(r.Id,
        r.Failed ? "failed"
        : r.Result is null ? "processing"
        : r.Result.Ignored ? "ignored"
        : r.Duplicate || r.Result.Duplicate ? "duplicate"
        : "stored",
        r.Result);
}

/// <summary>Assign a conversation to a person and/or a team (null clears).</summary>
public sealed record AssignConversationRequest(Guid? AssigneeId, Guid? TeamId);

/// <summary>Change a conversation's status.</summary>
public sealed record SetConversationStatusRequest(ConversationStatus Status);

/// <summary>
/// A reply to the customer on the conversation's channel, sent through the outbox. <c>marketing</c> marks an offer or
/// promotion: it is sent only when the customer's consent ledger allows marketing on that channel. <c>attachmentIds</c>
/// are files you uploaded to <c>/api/v1/uploads</c> (at most 10), sent with the reply on email and chat.
/// </summary>
public sealed record ReplyRequest([property: Required, StringLength(Message.TextMaxLength, MinimumLength = 1)] string Text, bool Marketing = false,
    [property: MaxLength(ReplyUploads.MaxPerReply)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>An internal note on a conversation, visible to staff only.</summary>
public sealed record AddConversationNoteRequest([property: Required, StringLength(10_000, MinimumLength = 1)] string Text);

public sealed record ConversationSummaryDto(
    Guid Id, Guid CustomerId, string CustomerName, string Subject, ConversationStatus Status, Channel LastChannel,
    Guid? AssigneeId, Guid? TeamId, DateTime CreatedAt, DateTime LastMessageAt, string? LastMessagePreview, int MessageCount);

public sealed record MessageDto(
    Guid Id, Guid ConversationId, Guid CustomerId, MessageDirection Direction, Channel Channel, string From, string? FromName,
    string? To, string? Subject, string Text, string? Html, DateTime At, string? AuthorName, string? ParseWarning,
    bool IsAutomatic, bool HasRaw, DeliveryState Delivery, string? DeliveryError, int DeliveryAttempts, IReadOnlyList<AttachmentDto> Attachments,
    string? Classification = null, string? ReplyTo = null, string? DeliveryErrorCode = null, DateTime? EditedAt = null);

/// <summary>
/// A file that came with a message. <see cref="Stored"/> is false for a placeholder whose bytes were not kept (over the size
/// limits, see <see cref="NotStoredReason"/>); otherwise <see cref="DownloadUrl"/> downloads it.
/// </summary>
public sealed record AttachmentDto(Guid Id, string FileName, string MediaType, long Size, bool Inline, string? ContentId, bool Stored,
    string? NotStoredReason, string? DownloadUrl);

public sealed record ConversationDto(ConversationSummaryDto Conversation, IReadOnlyList<MessageDto> Messages);

public static class ConversationMapping
{
    public static MessageDto ToDto(this Message m, IReadOnlyList<AttachmentDto>? attachments = null) => new(m.Id, m.ConversationId,
        m.CustomerId, m.Direction, m.Channel, m.From, m.FromName, m.To, m.Subject, m.Text, m.Html, m.At, m.AuthorName, m.ParseWarning,
        m.IsAutomatic, m.RawRef is not null, m.Delivery, m.DeliveryError, m.DeliveryAttempts, attachments ?? [], m.Classification, m.ReplyTo,
        m.DeliveryErrorCode, m.EditedAt);

    public static AttachmentDto ToDto(this MessageAttachment a) => new(a.Id, a.FileName, a.MediaType, a.Size, a.Inline, a.ContentId,
        a.BlobRef is not null, a.NotStoredReason, a.BlobRef is null ? null : $"/api/v1/messages/{a.MessageId}/attachments/{a.Id}");
}
