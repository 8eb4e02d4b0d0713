using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// A file that came with a message (an email attachment or an inline image). Its bytes live in the blob store; the row
/// holds what an agent needs to see and download it. A file over the size limits is kept as a placeholder without bytes.
/// </summary>
public sealed class MessageAttachment
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MessageId { get; init; }
    /// <summary>Sanitised: no path, no control or reserved characters (see <see cref="FileNames"/>).</summary>
    [FreeText]
    public required string FileName { get; init; }
    public required string MediaType { get; init; }
    /// <summary>Decoded size in bytes.</summary>
    public long Size { get; init; }
    /// <summary>Where the bytes are in the blob store; null when they were not stored.</summary>
    public string? BlobRef { get; init; }
    /// <summary>The MIME Content-ID an HTML body refers to (cid:), without angle brackets.</summary>
    public string? ContentId { get; init; }
    /// <summary>Shown within the body (an inline image) rather than offered as a separate file.</summary>
    public bool Inline { get; init; }
    /// <summary>Why the bytes were not stored (e.g. over the size limit).</summary>
    public string? NotStoredReason { get; init; }
    /// <summary>
    /// Where a messaging provider keeps the media (a Twilio MediaUrl, a WhatsApp media id, a Telegram file_id, a Messenger
    /// attachment URL) for the channel account <see cref="ChannelAccountId"/>; fetched in the background.
    /// </summary>
    public string? ProviderRef { get; init; }
    public Guid? ChannelAccountId { get; init; }
    /// <summary>The media is still to be fetched from the provider (set until it is stored or found not retrievable).</summary>
    public bool FetchPending { get; init; }
    public int FetchAttempts { get; init; }
}

/// <summary>
/// An attachment whose bytes are already in the blob store, travelling with an inbound message through the pipeline;
/// only this metadata is written with the message.
/// </summary>
public sealed record InboundAttachment(Guid Id, string FileName, string MediaType, long Size, string? BlobRef, string? ContentId, bool Inline,
    string? NotStoredReason, string? ProviderRef = null, Guid? ChannelAccountId = null)
{
    public MessageAttachment ToEntity(Guid messageId) => new()
    {
        Id = Id,
        MessageId = messageId,
        FileName = StorableText.Clean(FileName)!,
        MediaType = StorableText.Clean(MediaType)!,
        Size = Size,
        BlobRef = BlobRef,
        ContentId = StorableText.Clean(ContentId),
        Inline = Inline,
        NotStoredReason = StorableText.Clean(NotStoredReason),
        ProviderRef = ProviderRef,
        ChannelAccountId = ChannelAccountId,
        FetchPending = ProviderRef is not null && BlobRef is null,
    };
}
