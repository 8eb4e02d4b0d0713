using MailKit;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Fetches new mail from one mailbox over IMAP: every message above the remembered UID is kept raw, parsed, fed to
/// the ingestion pipeline and only then counted as fetched, so a restart neither misses nor repeats a message.
/// </summary>
public sealed class MailboxReceiver(RapportDbContext db, MailClients clients, IngestionPipeline pipeline, BlobStore blobs,
    AttachmentStore attachments, CustomerService customers, DeliveryReports deliveries, MailboxGates gates, TimeProvider time,
    DatabaseOutages outages, ILogger<MailboxReceiver> log)
{
    /// <summary>Above this an email is kept raw but not parsed; room for a 25 MB attachment, which base64 makes a third larger.</summary>
    public const int MaxRawBytes = 50 * 1024 * 1024;

    /// <summary>Receives what is new; returns how many messages were fetched. One receive per mailbox at a time on this node.</summary>
    public async Task<int> ReceiveAsync(Guid mailboxId, CancellationToken ct)
    {
        var gate = gates.For(mailboxId);
        await gate.WaitAsync(ct);
        try
        {
            return await ReceiveNowAsync(mailboxId, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> ReceiveNowAsync(Guid mailboxId, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.FirstAsync(m => m.Id == mailboxId, ct);
        var fetched = 0;
        try
        {
            using var client = await clients.ImapAsync(mailbox, ct);
            var inbox = client.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadOnly, ct);
            if (inbox.UidValidity != mailbox.UidValidity)
            {
                // The server renumbered the folder: start again; deduplication on Message-ID keeps this harmless.
                mailbox.UidValidity = inbox.UidValidity;
                mailbox.LastUid = 0;
            }

            var uids = await inbox.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(mailbox.LastUid + 1), UniqueId.MaxValue)), ct);
            foreach (var uid in uids.Where(u => u.Id > mailbox.LastUid).OrderBy(u => u.Id))
            {
                await ReceiveOneAsync(mailbox, inbox, uid, ct);
                mailbox.LastUid = uid.Id;
                mailbox.LastReceiveAt = time.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
                fetched++;
            }

            await client.DisconnectAsync(true, ct);
            mailbox.LastConnectedAt = time.GetUtcNow().UtcDateTime;
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not InvalidOperationException { Source: "Microsoft.EntityFrameworkCore" })
        {
            if (StorageFull.Describe(e) is { } full)
            {
                outages.Record(full); // the UID stays where it was: the message is fetched again once there is space
            }

            mailbox.Failed(e.Message, time.GetUtcNow().UtcDateTime);
            await Health.ChannelErrors.CountAsync(db, mailbox.Id, time.GetUtcNow(), CancellationToken.None);
            log.LogWarning("Receiving mail for mailbox {Mailbox} failed: {Error}", mailbox.Name, e.Message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return fetched;
    }

    private async Task ReceiveOneAsync(Mailbox mailbox, IMailFolder inbox, UniqueId uid, CancellationToken ct)
    {
        await using var stream = await inbox.GetStreamAsync(uid, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var raw = buffer.ToArray();
        var rawRef = await blobs.SaveAsync(RawEmailMasking.Mask(raw), ".eml", ct);
        var fallbackId = $"<imap.{mailbox.Id:N}.{inbox.UidValidity}.{uid.Id}@rapport.invalid>";
        var parsed = raw.Length > MaxRawBytes
            ? new ParsedEmail(new InboundMessage(Channel.Email, fallbackId, new InboundSender(Email: "unknown@invalid.example"), "(too large to show)",
                ParseWarning: $"The email is {raw.Length / 1024 / 1024} MB, over the {MaxRawBytes / 1024 / 1024} MB limit; download the raw message."), EmailKind.Message, null)
            : EmailParser.Parse(raw, fallbackId);
        var (files, warning) = await attachments.StoreAsync(parsed.Files, ct);
        var message = parsed.Message with
        {
            RawRef = rawRef,
            ThreadOnly = parsed.IsAutomatic,
            To = parsed.Message.To ?? mailbox.Address,
            Attachments = files,
            ParseWarning = warning is null ? parsed.Message.ParseWarning
                : string.Join(" ", new[] { parsed.Message.ParseWarning, warning, "The original email can still be downloaded whole." }.OfType<string>()),
        };
        var (distinct, collision) = await MessageIdCollisions.DistinctAsync(db, message, ct);
        message = distinct;
        if (!parsed.IsAutomatic && await SubjectTokenThreading.ConversationForAsync(db, message, ct) is { } conversationId)
        {
            message = message with { ConversationId = conversationId };
        }

        // Waits for processing, so a bounce's customer and the log line below see the stored message; it is durable either way.
        var receipt = await pipeline.IngestAsync(message, TimeSpan.FromSeconds(30), ct);
        var result = receipt.Result;
        if (parsed.Kind == EmailKind.Bounce && parsed.BouncedAddress is { } failed)
        {
            await customers.MarkEmailFailingAsync(failed, parsed.BounceReason ?? message.Subject ?? "bounced", ct);
        }

        if (parsed.DisplayedMessageId is { } displayed)
        {
            await deliveries.ApplyAsync(new DeliveryReport(displayed, DeliveryState.Read), ct);
        }

        // Every email leaves a line saying what became of it and why, a dropped duplicate included.
        if (log.IsEnabled(LogLevel.Information))
        {
            var outcome = receipt.Duplicate || result?.Duplicate == true
                ? $"a duplicate of the email already kept with the same Message-ID, sender, subject and date (receipt {receipt.Id})"
                : result?.Ignored == true ? $"automatic mail that answers no conversation, kept in the automatic mail view (receipt {receipt.Id})"
                : result is null ? $"still being processed (receipt {receipt.Id})"
                : $"message {result.MessageId} in conversation {result.ConversationId}";
            log.LogInformation("Mailbox {Mailbox} received UID {Uid} {ProviderId} as {Kind} ({Reason}){Collision}: {Outcome}", mailbox.Name, uid.Id,
                message.ProviderMessageId, parsed.Kind, parsed.Reason ?? "written by a person", collision is null ? "" : " " + collision, outcome);
        }
    }
}

/// <summary>One receive per mailbox at a time (the IDLE watcher and "receive now" would otherwise race over the UIDs).</summary>
public sealed class MailboxGates
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> gates = new();

    public SemaphoreSlim For(Guid mailboxId) => gates.GetOrAdd(mailboxId, _ => new SemaphoreSlim(1, 1));
}
