using System.Globalization;
using Rapport.Infrastructure.Blobs;

namespace Rapport.Features.Conversations;

/// <summary>A file found in an inbound message, before the size limits decide whether its bytes are kept.</summary>
public sealed record AttachmentCandidate(string? FileName, string MediaType, byte[] Content, string? ContentId, bool Inline, string? FallbackName = null);

/// <summary>How large an attachment (and all attachments of one message together) may be to be stored.</summary>
public sealed record AttachmentLimits(long PerAttachment, long PerMessage)
{
    public const long DefaultPerAttachment = 25L * 1024 * 1024;
    public const long DefaultPerMessage = 35L * 1024 * 1024;

    public static AttachmentLimits From(IConfiguration config) => new(
        Math.Max(0, config.GetValue("Rapport:Email:MaxAttachmentBytes", DefaultPerAttachment)),
        Math.Max(0, config.GetValue("Rapport:Email:MaxMessageAttachmentBytes", DefaultPerMessage)));
}

/// <summary>
/// Stores the bytes of a message's attachments in the blob store before the message enters the ingestion pipeline, so
/// only their metadata travels with it. A file over the limits is not stored but kept as a placeholder, and the message
/// gets a warning saying so: the message itself is never refused for its attachments.
/// </summary>
public sealed class AttachmentStore(BlobStore blobs, AttachmentLimits limits)
{
    public AttachmentLimits Limits => limits;

    public async Task<(IReadOnlyList<InboundAttachment> Attachments, string? Warning)> StoreAsync(IEnumerable<AttachmentCandidate> candidates,
        CancellationToken ct)
    {
        var stored = new List<InboundAttachment>();
        var warnings = new List<string>();
        long total = 0;
        foreach (var c in candidates)
        {
            var name = FileNames.Sanitise(c.FileName, c.FallbackName);
            var size = c.Content.LongLength;
            var mediaType = string.IsNullOrWhiteSpace(c.MediaType) ? "application/octet-stream" : Conversation.Truncate(c.MediaType.Trim().ToLowerInvariant(), 255);
            var contentId = string.IsNullOrWhiteSpace(c.ContentId) ? null : Conversation.Truncate(c.ContentId.Trim().Trim('<', '>'), 500);
            string? reason = null;
            if (size > limits.PerAttachment)
            {
                reason = $"{Size(size)} is over the {Size(limits.PerAttachment)} limit per attachment";
            }
            else if (total + size > limits.PerMessage)
            {
                reason = $"the attachments of this message together are over the {Size(limits.PerMessage)} limit";
            }

            string? blobRef = null;
            if (reason is null)
            {
                blobRef = await blobs.SaveAsync(c.Content, ".bin", ct);
                total += size;
            }
            else
            {
                warnings.Add($"The attachment '{name}' was not kept: {reason}.");
            }

            stored.Add(new InboundAttachment(Guid.CreateVersion7(), name, mediaType, size, blobRef, contentId, c.Inline, reason));
        }

        return (stored, warnings.Count == 0 ? null : string.Join(" ", warnings));
    }

    /// <summary>A size as people read it: 512 bytes, 40 KB, 25 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
