using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Fetches the media of inbound SMS/MMS and messaging-app messages from their providers once the messages are stored,
/// and keeps them through the attachment store under the same size limits as email attachments. Media that cannot be
/// fetched (the provider no longer keeps it, refuses the credentials, the file is too large, the account was removed) stays
/// listed with "media not retrievable (why)"; a provider that is down or rate-limits is tried again, at most
/// <see cref="MaxAttempts"/> times. The message itself never waits for its media and is never lost for it.
/// </summary>
public sealed class MediaFetcher(IServiceScopeFactory scopes, ChannelAccountDirectory directory, MediaDownloads downloads, AttachmentStore store,
    Rapport.Infrastructure.Blobs.BlobStore blobs, TimeProvider time, ILogger<MediaFetcher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);
    public const int MaxAttempts = 3;
    private const int Batch = 20;
    private readonly SemaphoreSlim gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FetchDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Fetching inbound media failed; retrying at the next interval: {Error}", e.Message);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    /// <summary>Tries every attachment still waiting for its media once; returns how many were settled (stored or found not retrievable).</summary>
    public async Task<int> FetchDueAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            List<MessageAttachment> pending;
            // Media of a switched-off account wait for it, out of the batch: they must not hold up everyone else's.
            var disabled = await directory.DisabledIdsAsync(ct);
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                pending = await db.Attachments.AsNoTracking()
                    .Where(a => a.FetchPending && (a.ChannelAccountId == null || !disabled.Contains(a.ChannelAccountId.Value)))
                    .OrderBy(a => a.Id).Take(Batch).ToListAsync(ct);
            }

            var settled = 0;
            foreach (var attachment in pending)
            {
                settled += await FetchAsync(attachment, ct) ? 1 : 0;
            }

            return settled;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<bool> FetchAsync(MessageAttachment attachment, CancellationToken ct)
    {
        var account = attachment.ChannelAccountId is { } id ? await directory.FindAsync(id, ct) : null;
        if (account is null)
        {
            return await NotRetrievableAsync(attachment, "the channel account it came through was removed", ct);
        }

        if (!account.Enabled)
        {
            // Switched off since the batch was read: its media wait until it is enabled again.
            return false;
        }

        if (attachment.ProviderRef is not { Length: > 0 } reference)
        {
            return await NotRetrievableAsync(attachment, "the provider gave no reference to fetch it by", ct);
        }

        try
        {
            var media = await downloads.FetchAsync(account, reference, store.Limits.PerAttachment, ct);
            var type = attachment.MediaType == "application/octet-stream" && media.MediaType is { Length: > 0 } given ? given : attachment.MediaType;
            var (stored, _) = await store.StoreAsync([new AttachmentCandidate(attachment.FileName, type, media.Content, null, false)], ct);
            var kept = stored[0];
            return await SettleAsync(attachment.Id, kept.BlobRef, kept.Size, kept.MediaType,
                kept.NotStoredReason is { } over ? $"media not retrievable ({over})" : null, attachment.FetchAttempts + 1, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not MediaUnavailableException { Retry: false }
            && attachment.FetchAttempts + 1 < MaxAttempts)
        {
            // A provider down or rate-limiting, or a fault of our own (the blob store, the database): counted, tried later.
            log.LogWarning("Media {Attachment} from {Account} not fetched yet (attempt {Attempt}): {Reason}", attachment.Id, account.Name,
                attachment.FetchAttempts + 1, e.Message);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            await db.Attachments.Where(a => a.Id == attachment.Id && a.FetchPending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FetchAttempts, a => a.FetchAttempts + 1), ct);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Media {Attachment} from {Account} is not retrievable: {Reason}", attachment.Id, account.Name, e.Message);
            return await NotRetrievableAsync(attachment, e is MediaUnavailableException ? e.Message : $"fetching failed {MaxAttempts} times: {e.Message}", ct);
        }
    }

    private Task<bool> NotRetrievableAsync(MessageAttachment attachment, string reason, CancellationToken ct) =>
        SettleAsync(attachment.Id, null, attachment.Size, attachment.MediaType, $"media not retrievable ({reason})", attachment.FetchAttempts + 1, ct);

    /// <summary>
    /// Writes the outcome only while the attachment still waits for it: an erasure or a retention step that cleared it in
    /// the meantime wins, and the file fetched for it is deleted.
    /// </summary>
    private async Task<bool> SettleAsync(Guid id, string? blobRef, long size, string mediaType, string? reason, int attempts, CancellationToken ct)
    {
        reason = reason is { Length: > 500 } ? reason[..500] : reason;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var changed = await db.Attachments.Where(a => a.Id == id && a.FetchPending).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.BlobRef, blobRef)
            .SetProperty(a => a.Size, size)
            .SetProperty(a => a.MediaType, mediaType)
            .SetProperty(a => a.NotStoredReason, reason)
            .SetProperty(a => a.FetchAttempts, attempts)
            .SetProperty(a => a.FetchPending, false), ct);
        if (changed == 0 && blobRef is not null)
        {
            // Erased or settled elsewhere meanwhile: the file just stored belongs to nothing and must not outlive the erasure.
            await blobs.DeleteAsync(blobRef, ct);
        }

        return changed > 0;
    }
}
