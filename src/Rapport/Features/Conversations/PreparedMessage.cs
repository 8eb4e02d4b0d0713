using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>An inbound message after validation and normalisation: the sender reduced to one lookup key, text masked, HTML sanitised.</summary>
internal sealed record PreparedMessage(
    Channel Channel,
    string ProviderMessageId,
    ContactPointType SenderType,
    string SenderKey,
    string SenderDisplay,
    string? SenderNetwork,
    string? SenderName,
    string Text,
    string? Html,
    string? Subject,
    string? To,
    DateTime At,
    string? InReplyTo,
    IReadOnlyList<string> References,
    Guid? ConversationHint,
    string? ParseWarning,
    bool ThreadOnly,
    string? RawRef,
    IReadOnlyList<InboundAttachment>? Attachments = null,
    string? Edits = null,
    InboundPart? Part = null,
    string? Classification = null,
    string? ReplyTo = null,
    Guid? Team = null)
{
    /// <summary>
    /// The provider id the stored message carries: the edited message's for an edit, the group's for a part, else this
    /// message's own (which, for edits and parts, is only the journal's idempotency key).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string StoredAs => Edits ?? Part?.Group ?? ProviderMessageId;

    /// <summary>Message-IDs that may name the conversation this message belongs to, nearest first.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> ThreadReferences =>
        (InReplyTo is null ? References.Reverse() : References.Reverse().Prepend(InReplyTo)).Distinct();
}

/// <summary>
/// A prepared message waiting for the journal writer; completes once it is journalled (durable).
/// <see cref="WaitsForProcessing"/> when its caller then waits for the outcome too.
/// </summary>
internal sealed record PendingMessage(PreparedMessage Message, TaskCompletionSource<IngestReceipt> Journalled, bool WaitsForProcessing = false);
