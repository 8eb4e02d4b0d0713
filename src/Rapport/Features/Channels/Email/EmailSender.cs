using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Blobs;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Email;

/// <summary>Sends queued email replies over SMTP as properly threaded messages (Message-ID, In-Reply-To, References).</summary>
public sealed class EmailSender(RapportDbContext db, MailClients clients, TimeProvider time, ConversationEvents events, BlobStore blobs) : IOutboxSender
{
    private Guid? recordedConversation;

    public const string OutboxKind = "email";

    public string Kind => OutboxKind;

    public async Task SendAsync(OutboxItem item, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct)
            ?? throw new PermanentDeliveryException("The message to send no longer exists.");
        var mailbox = await MailboxFor(message, ct) ?? throw new PermanentDeliveryException("No mailbox is configured to send email from.");
        if (string.IsNullOrWhiteSpace(message.To))
        {
            throw new PermanentDeliveryException("The reply has no recipient address.");
        }

        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(mailbox.Name, mailbox.Address));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject ?? "";
        mime.MessageId = message.ProviderMessageId!.Trim('<', '>');
        if (message.InReplyTo is { } inReplyTo)
        {
            mime.InReplyTo = inReplyTo.Trim('<', '>');
        }

        foreach (var reference in (message.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            mime.References.Add(reference.Trim('<', '>'));
        }

        mime.Date = message.At;
        var files = await db.Attachments.AsNoTracking().Where(a => a.MessageId == message.Id).OrderBy(a => a.Id).ToListAsync(ct);
        mime.Body = await BodyAsync(message.Text, files, ct);
        using var smtp = await ConnectAsync(mailbox, ct);
        try
        {
            await smtp.SendAsync(mime, ct);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500
            && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            // 5xx: the server refuses this recipient or message for good; 4xx (and a server that is down) is retried.
            throw new PermanentDeliveryException($"The mail server refused it: {(int)e.StatusCode} {e.Message}", e);
        }
        catch (SmtpCommandException e)
        {
            throw new IOException($"The mail server answered {(int)e.StatusCode} {e.Message}", e);
        }

        try
        {
            await smtp.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or SmtpCommandException)
        {
            // The server accepted the message (250); a QUIT that fails must not make it look unsent and so be sent twice.
        }
    }

    /// <summary>Connects; a refusal (421 "try again later") is retried, with the server's code in the error health shows.</summary>
    private async Task<SmtpClient> ConnectAsync(Mailbox mailbox, CancellationToken ct)
    {
        try
        {
            return await clients.SmtpAsync(mailbox, ct);
        }
        catch (SmtpCommandException e)
        {
            throw new IOException($"The mail server answered {(int)e.StatusCode} {e.Message}", e);
        }
    }

    /// <summary>Plain text alone, or multipart/mixed with the agent's files (base64, named as they were uploaded).</summary>
    private async Task<MimeEntity> BodyAsync(string text, List<MessageAttachment> files, CancellationToken ct)
    {
        var body = new TextPart("plain") { Text = text };
        if (files.Count == 0)
        {
            return body;
        }

        var mixed = new Multipart("mixed") { body };
        foreach (var file in files)
        {
            await using var stored = file.BlobRef is null ? null : await blobs.OpenAsync(file.BlobRef, ct);
            if (stored is null)
            {
                // Sending it without the file would tell the customer something untrue; retrying will not bring it back.
                throw new PermanentDeliveryException($"The file '{file.FileName}' of this reply is no longer stored.");
            }

            // In memory (within the per-message limit): SMTP may write the message twice, once to measure it.
            var content = new MemoryStream();
            await stored.CopyToAsync(content, ct);
            content.Position = 0;
            var type = ContentType.TryParse(file.MediaType, out var parsed) ? parsed : new ContentType("application", "octet-stream");
            mixed.Add(new MimePart(type)
            {
                Content = new MimeContent(content),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName,
            });
        }

        return mixed;
    }

    /// <summary>A customer cannot unread a second copy: after a crash mid-send a person decides (send again or mark sent).</summary>
    public bool ResendAfterCrash => false;

    public async Task RecordUnconfirmedAsync(OutboxItem item, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct);
        if (message is not null)
        {
            recordedConversation = message.ConversationId;
            message.MarkUnconfirmed(time.GetUtcNow().UtcDateTime);
        }
    }

    public async Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct);
        if (message is null)
        {
            return;
        }

        recordedConversation = message.ConversationId;
        var mailbox = await MailboxFor(message, ct);
        if (sent)
        {
            message.MarkSent();
            await Webhooks.WebhookEvents.RaiseAsync(db, Webhooks.WebhookEvents.MessageSent,
                [new { message.Id, message.ConversationId, message.CustomerId, message.Channel, message.At, message.Subject, message.Text }],
                time.GetUtcNow().UtcDateTime, ct);
            if (mailbox is not null) mailbox.LastSendAt = time.GetUtcNow().UtcDateTime;
        }
        else
        {
            message.MarkAttemptFailed(error ?? "unknown error", willRetry);
            if (mailbox is not null)
            {
                mailbox.Failed(error ?? "unknown error", time.GetUtcNow().UtcDateTime);
                await Health.ChannelErrors.CountAsync(db, mailbox.Id, time.GetUtcNow(), ct);
            }
        }
    }

    /// <summary>Open conversation screens show the new delivery state (queued → sent, retrying, failed) at once.</summary>
    public void OutcomeCommitted(OutboxItem item)
    {
        if (recordedConversation is { } conversation)
        {
            events.Changed(conversation);
        }
    }

    private async Task<Mailbox?> MailboxFor(Message message, CancellationToken ct) =>
        await db.Mailboxes.FirstOrDefaultAsync(m => m.Address == message.From, ct)
        ?? await db.Mailboxes.Where(m => m.Enabled).OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
}
