using System.Text;
using MimeKit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Features.Channels.Email;

/// <summary>What an email is, beyond a message from a person.</summary>
public enum EmailKind { Message, AutoReply, Bounce, ReadReceipt }

/// <summary>
/// A parsed email: the channel-neutral message, what kind of email it is, for bounces the failed address, and the files
/// it carries (their bytes not yet stored).
/// </summary>
public sealed record ParsedEmail(InboundMessage Message, EmailKind Kind, string? BouncedAddress, IReadOnlyList<AttachmentCandidate>? Attachments = null)
{
    public IReadOnlyList<AttachmentCandidate> Files => Attachments ?? [];
}

/// <summary>
/// Turns raw RFC 5322 bytes into an <see cref="InboundMessage"/>. Never throws: a message MimeKit cannot read is
/// returned with its raw text and a parse warning, so it is stored rather than lost.
/// </summary>
public static class EmailParser
{
    private const int MaxRecipients = 50;
    private const string NoText = "(no readable text)";
    private const string UnknownSender = "unknown@invalid.example";

    public static ParsedEmail Parse(byte[] raw, string fallbackId)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var mime = MimeMessage.Load(new ParserOptions { AllowAddressesWithoutDomain = true }, stream);
            return FromMime(mime, fallbackId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong (MimeKit, a charset, a regex timeout on hostile HTML), the email is kept, not lost.
            var text = Encoding.UTF8.GetString(raw);
            return new ParsedEmail(new InboundMessage(Channel.Email, fallbackId, new InboundSender(Email: UnknownSender),
                string.IsNullOrWhiteSpace(text) ? NoText : Truncate(text, Message.TextMaxLength), Subject: "(unreadable email)",
                ParseWarning: $"The email could not be parsed ({e.GetType().Name}: {e.Message}); its raw text is shown."), EmailKind.Message, null);
        }
    }

    private static ParsedEmail FromMime(MimeMessage mime, string fallbackId)
    {
        var warnings = new List<string>();
        var sender = mime.ReplyTo.Mailboxes.FirstOrDefault() ?? mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
        if (mime.From.Mailboxes.Count() > 1)
        {
            warnings.Add("The email names several senders; the first is used.");
        }

        // The pipeline refuses what it cannot store or match; refusing an email would stop its mailbox at that UID.
        var address = sender?.Address?.Trim();
        if (address is null || address.Length > ContactPointRules.ValueMaxLength || !ContactPointRules.TryNormalizeEmail(address, out _))
        {
            warnings.Add(string.IsNullOrWhiteSpace(address) ? "The email has no sender address." : $"The sender address '{Truncate(address, 100)}' is not usable.");
            address = UnknownSender;
        }

        var (text, html) = Body(mime);
        if (string.IsNullOrWhiteSpace(text))
        {
            text = NoText;
            warnings.Add("No text or HTML body was found; see the raw message.");
        }
        else if (text.Length > Message.TextMaxLength)
        {
            text = Truncate(text, Message.TextMaxLength);
            warnings.Add("The text was cut to its first 100,000 characters; see the raw message.");
        }

        var files = Files(mime, warnings);
        var id = MessageId(mime.MessageId) ?? fallbackId;
        var references = mime.References.Select(MessageId).OfType<string>().Distinct().ToList();
        var to = string.Join(", ", mime.To.Mailboxes.Take(MaxRecipients).Select(m => m.Address));
        var kind = Classify(mime);
        var message = new InboundMessage(Channel.Email, id, new InboundSender(Email: address, Name: Clean(sender?.Name)),
            text, Clean(mime.Subject), html, Truncate(to, 500), mime.Date == DateTimeOffset.MinValue ? null : mime.Date.UtcDateTime,
            MessageId(mime.InReplyTo), references,
            ParseWarning: warnings.Count == 0 ? null : string.Join(" ", warnings));
        return new ParsedEmail(message, kind, kind == EmailKind.Bounce ? BouncedAddress(mime) : null, files);
    }

    private static List<AttachmentCandidate> Files(MimeMessage mime, List<string> warnings)
    {
        try
        {
            return EmailAttachments.Extract(mime);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warnings.Add($"The attachments could not be read ({e.GetType().Name}); see the raw message.");
            return [];
        }
    }

    /// <summary>
    /// The text and HTML bodies as MimeKit finds them; failing that (an empty multipart/alternative before the real part
    /// hides it from MimeKit's search) the first inline text part anywhere. An HTML-only email gets text derived from its HTML.
    /// </summary>
    private static (string? Text, string? Html) Body(MimeMessage mime)
    {
        var text = mime.TextBody;
        var html = mime.HtmlBody;
        if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(html)
            && mime.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && !string.IsNullOrWhiteSpace(p.Text)) is { } part)
        {
            if (part.IsHtml)
            {
                html = part.Text;
            }
            else
            {
                text = part.Text;
            }
        }

        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(html))
        {
            text = HtmlText.ToPlain(html);
        }

        return (text, string.IsNullOrWhiteSpace(html) ? null : html);
    }

    /// <summary>RFC 3834 and the headers real autoresponders use instead (Exchange, iCloud), DSNs and MDNs.</summary>
    public static EmailKind Classify(MimeMessage mime)
    {
        if (mime.Body is MultipartReport report)
        {
            var type = report.ReportType?.ToLowerInvariant();
            if (type == "delivery-status") return EmailKind.Bounce;
            if (type == "disposition-notification") return EmailKind.ReadReceipt;
        }

        var subject = mime.Subject ?? "";
        var from = mime.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        if (from.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase) || from.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Undeliverable:", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("Delivery Status Notification", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Mail delivery failed", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("Undelivered Mail", StringComparison.OrdinalIgnoreCase))
        {
            return EmailKind.Bounce;
        }

        var h = mime.Headers;
        var autoSubmitted = h[HeaderId.AutoSubmitted];
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return EmailKind.AutoReply;
        if (h.Contains("X-Autoreply") || h.Contains("X-Autorespond") || h.Contains("X-Apple-Action") || h.Contains("X-MS-Exchange-Inbox-Rules-Loop")) return EmailKind.AutoReply;
        if (h.Contains("X-Auto-Response-Suppress") && (subject.StartsWith("Automatic reply", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("Auto", StringComparison.OrdinalIgnoreCase))) return EmailKind.AutoReply;
        var precedence = h[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "auto_reply" or "junk") return EmailKind.AutoReply;
        return EmailKind.Message;
    }

    private static string? BouncedAddress(MimeMessage mime)
    {
        foreach (var part in mime.BodyParts.OfType<MessageDeliveryStatus>())
        {
            foreach (var group in part.StatusGroups)
            {
                var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
                if (recipient is not null)
                {
                    var value = recipient.Contains(';', StringComparison.Ordinal) ? recipient[(recipient.IndexOf(';', StringComparison.Ordinal) + 1)..] : recipient;
                    return value.Trim().Trim('<', '>').ToLowerInvariant();
                }
            }
        }

        return null;
    }

    /// <summary>A Message-ID in angle brackets, or null when it is missing or too long to be a key (over 500 characters).</summary>
    private static string? MessageId(string? id) => string.IsNullOrWhiteSpace(id) || id.Length > 498 ? null : $"<{id.Trim()}>";

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
