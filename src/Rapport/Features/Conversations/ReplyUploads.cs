using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Files people send with replies: stored first (the same limits as incoming mail), then taken by the reply that names
/// them. Only the person who uploaded a file can send it, so an upload id seen by someone else is worth nothing.
/// </summary>
public sealed class ReplyUploads(RapportDbContext db, BlobStore blobs, AttachmentLimits limits, TimeProvider time)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);
    public const int MaxPerReply = 10;

    public AttachmentLimits Limits => limits;

    public string TooLarge(long size) => $"{AttachmentStore.Size(size)} is over the {AttachmentStore.Size(limits.PerAttachment)} limit per file.";

    /// <summary>Stores one file for <paramref name="uploader"/>; over the per-file limit it is refused.</summary>
    public async Task<UploadView> StoreAsync(Guid uploader, string? fileName, string? mediaType, byte[] content, CancellationToken ct)
    {
        if (content.LongLength == 0)
        {
            throw new InvalidInputException("file", "Choose a file that is not empty.");
        }

        if (content.LongLength > limits.PerAttachment)
        {
            throw new InvalidInputException("file", TooLarge(content.LongLength));
        }

        await ForgetExpiredAsync(uploader, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var upload = new ReplyUpload
        {
            UploadedBy = uploader,
            FileName = FileNames.Sanitise(fileName, "file"),
            MediaType = string.IsNullOrWhiteSpace(mediaType) ? "application/octet-stream" : Conversation.Truncate(mediaType.Trim().ToLowerInvariant(), 255),
            Size = content.LongLength,
            BlobRef = await blobs.SaveAsync(content, ".bin", ct),
            At = now,
        };
        db.ReplyUploads.Add(upload);
        await db.SaveChangesAsync(ct);
        return View(upload);
    }

    public async Task<UploadView?> FindAsync(Guid uploader, Guid id, CancellationToken ct) =>
        await db.ReplyUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.UploadedBy == uploader, ct) is { } upload
            ? View(upload)
            : null;

    public async Task<bool> DiscardAsync(Guid uploader, Guid id, CancellationToken ct)
    {
        if (await db.ReplyUploads.FirstOrDefaultAsync(u => u.Id == id && u.UploadedBy == uploader, ct) is not { } upload)
        {
            return false;
        }

        db.ReplyUploads.Remove(upload);
        await db.SaveChangesAsync(ct);
        await blobs.DeleteAsync(upload.BlobRef, ct);
        return true;
    }

    /// <summary>
    /// The uploads named by a reply, as its attachments (added to the change being saved with the reply). Each must be
    /// the sender's own and still kept; together they must fit the per-message limit.
    /// </summary>
    public async Task<IReadOnlyList<MessageAttachment>> TakeAsync(Guid uploader, IReadOnlyCollection<Guid> ids, Guid messageId, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        if (ids.Count > MaxPerReply)
        {
            throw new InvalidInputException("attachmentIds", $"At most {MaxPerReply} files can go with one reply.");
        }

        var distinct = ids.Distinct().ToList();
        var keptSince = time.GetUtcNow().UtcDateTime - KeptFor;
        var uploads = await db.ReplyUploads.Where(u => distinct.Contains(u.Id) && u.UploadedBy == uploader && u.At >= keptSince).ToListAsync(ct);
        foreach (var missing in distinct.Where(id => uploads.All(u => u.Id != id)).Take(1))
        {
            throw new InvalidInputException("attachmentIds", $"No file you uploaded in the last {KeptFor.TotalHours:0} hours has the id '{missing}'; upload it again.");
        }

        if (uploads.Sum(u => u.Size) is var total && total > limits.PerMessage)
        {
            throw new InvalidInputException("attachmentIds",
                $"The files together are {AttachmentStore.Size(total)}, over the {AttachmentStore.Size(limits.PerMessage)} limit for one message.");
        }

        db.ReplyUploads.RemoveRange(uploads);
        // The attachment keeps the upload's id: time-ordered, so the files list in the order they were uploaded.
        return [.. uploads.OrderBy(u => u.At).ThenBy(u => u.Id).Select(u => new MessageAttachment
        {
            Id = u.Id,
            MessageId = messageId,
            FileName = u.FileName,
            MediaType = u.MediaType,
            Size = u.Size,
            BlobRef = u.BlobRef,
        })];
    }

    /// <summary>Uploads never sent go with their bytes once expired; done as the same person uploads again, so no job is needed.</summary>
    private async Task ForgetExpiredAsync(Guid uploader, CancellationToken ct)
    {
        var before = time.GetUtcNow().UtcDateTime - KeptFor;
        var expired = await db.ReplyUploads.Where(u => u.UploadedBy == uploader && u.At < before).Take(50).ToListAsync(ct);
        if (expired.Count == 0)
        {
            return;
        }

        db.ReplyUploads.RemoveRange(expired);
        await db.SaveChangesAsync(ct);
        foreach (var upload in expired)
        {
            await blobs.DeleteAsync(upload.BlobRef, ct);
        }
    }

    private static UploadView View(ReplyUpload u) => new(u.Id, u.FileName, u.MediaType, u.Size, u.At + KeptFor);
}
