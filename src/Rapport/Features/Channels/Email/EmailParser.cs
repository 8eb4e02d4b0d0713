using System.Text;
using MimeKit;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// A parsed email: the channel-neutral message, what kind of email it is and why, for bounces the failed address and the
/// reason the server gave, and the files it carries (their bytes not yet stored).
/// </summary>
/// <remarks><see cref="DisplayedMessageId"/>: for a read receipt saying a message was displayed, that message's Message-ID.</remarks>
public sealed record ParsedEmail(InboundMessage Message, EmailKind Kind, string? BouncedAddress, IReadOnlyList<AttachmentCandidate>? Attachments = null,
    string? Reason = null, string? BounceReason = null, string? DisplayedMessageId = null)
{
    public IReadOnlyList<AttachmentCandidate> Files => Attachments ?? [];

    public bool IsAutomatic => Kind != EmailKind.Message;
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
            var skip = LeadingBlankLines(raw);
            using var stream = new MemoryStream(raw, skip, raw.Length - skip, writable: false);
            var mime = MimeMessage.Load(new ParserOptions { AllowAddressesWithoutDomain = true }, stream);
            var parsed = FromMime(mime, fallbackId, raw.AsSpan(skip));
            if (parsed.Message.Text == NoText && StrayLine(raw, skip) is { } stray)
            {
                parsed = WithBlankLineBefore(raw, skip, stray, fallbackId);
            }

            return skip == 0 ? parsed : parsed with
            {
                Message = parsed.Message with
                {
                    ParseWarning = string.Join(" ", new[] { "The email began with a blank line, which was skipped to read its headers.", parsed.Message.ParseWarning }.OfType<string>()),
                },
            };
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

    private static ParsedEmail FromMime(MimeMessage mime, string fallbackId, ReadOnlySpan<byte> raw)
    {
        var warnings = MimeStructure.Warnings(mime, raw);
        // The customer is who wrote (From), not where answers go: Reply-To is kept on the message for the reply.
        var sender = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
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

        var (text, html) = EmailBody.Read(mime);
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
        var kind = EmailClassifier.Classify(mime);
        var (bounced, bounceReason) = kind.Kind == EmailKind.Bounce ? BounceDetails.Of(mime, text) : (null, null);
        var message = new InboundMessage(Channel.Email, id, new InboundSender(Email: address, Name: Clean(sender?.Name)),
            text, Clean(mime.Subject), html, Truncate(to, 500), mime.Date == DateTimeOffset.MinValue ? null : mime.Date.UtcDateTime,
            MessageId(mime.InReplyTo), references,
            ParseWarning: warnings.Count == 0 ? null : string.Join(" ", warnings),
            Classification: kind.Reason is null ? null : Truncate(bounceReason is null ? kind.Reason : $"{kind.Reason}; {bounceReason}", 500),
            ReplyTo: ReplyTo(mime, address));
        var displayed = kind.Kind == EmailKind.ReadReceipt ? Displayed(mime) : null;
        return new ParsedEmail(message, kind.Kind, bounced, files, kind.Reason, bounceReason, displayed);
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
    /// The message a read receipt (RFC 8098) says was displayed: its Original-Message-ID, or the receipt's In-Reply-To when
    /// it has none. A receipt saying "deleted", "dispatched" or "processed" (not read) names nothing.
    /// </summary>
    private static string? Displayed(MimeMessage mime)
    {
        var report = mime.BodyParts.OfType<MessageDispositionNotification>().FirstOrDefault();
        var disposition = report?.Fields["Disposition"];
        if (disposition is not null && !disposition.Contains("displayed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var original = report?.Fields["Original-Message-ID"]?.Trim().Trim('<', '>');
        return MessageId(string.IsNullOrEmpty(original) ? mime.InReplyTo : original);
    }

    /// <summary>The Reply-To address when it differs from the sender and is usable: where a reply to this message goes.</summary>
    private static string? ReplyTo(MimeMessage mime, string sender)
    {
        var replyTo = mime.ReplyTo.Mailboxes.FirstOrDefault()?.Address?.Trim();
        return replyTo is null || replyTo.Length > ContactPointRules.ValueMaxLength || !ContactPointRules.TryNormalizeEmail(replyTo, out var normalized)
            || normalized == sender.ToLowerInvariant()
            ? null
            : replyTo;
    }

    /// <summary>
    /// Some iPhone and Yahoo paths send a message that begins with a line of only whitespace, which a strict parser reads as
    /// the end of no headers at all. The bytes before the first line with text are skipped (the raw message is kept whole).
    /// </summary>
    private static int LeadingBlankLines(byte[] raw)
    {
        var skip = 0;
        var i = 0;
        while (i < raw.Length && raw[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            if (raw[i] == (byte)'\n')
            {
                skip = i + 1;
            }

            i++;
        }

        return skip;
    }

    /// <summary>
    /// Some mailers write the text straight after the headers with no blank line between. A strict parser takes the first
    /// line of text for a broken header and loses it; when nothing readable was found, the email is read again with a
    /// blank line before that line. The first line is never taken for text: a message that starts so has no headers.
    /// </summary>
    private static int? StrayLine(byte[] raw, int start)
    {
        var line = start;
        while (line < raw.Length)
        {
            var end = Array.IndexOf(raw, (byte)'\n', line);
            end = end < 0 ? raw.Length : end;
            var span = raw.AsSpan(line, end - line).TrimEnd((byte)'\r');
            if (span.IsEmpty)
            {
                return null;
            }

            var colon = span.IndexOf((byte)':');
            var isHeader = colon > 0 && !span[..colon].ContainsAny((byte)' ', (byte)'\t');
            var isContinuation = span[0] is (byte)' ' or (byte)'\t';
            if (!isHeader && !isContinuation)
            {
                return line == start ? null : line;
            }

            line = end + 1;
        }

        return null;
    }

    private static ParsedEmail WithBlankLineBefore(byte[] raw, int skip, int stray, string fallbackId)
    {
        var fixedRaw = new byte[raw.Length - skip + 2];
        raw.AsSpan(skip, stray - skip).CopyTo(fixedRaw);
        fixedRaw[stray - skip] = (byte)'\r';
        fixedRaw[stray - skip + 1] = (byte)'\n';
        raw.AsSpan(stray).CopyTo(fixedRaw.AsSpan(stray - skip + 2));
        using var stream = new MemoryStream(fixedRaw, writable: false);
        var mime = MimeMessage.Load(new ParserOptions { AllowAddressesWithoutDomain = true }, stream);
        var parsed = FromMime(mime, fallbackId, fixedRaw);
        return parsed with
        {
            Message = parsed.Message with
            {
                ParseWarning = string.Join(" ", new[] { "The email has no blank line between its headers and its text; the text was read from the first line that is not a header.", parsed.Message.ParseWarning }.OfType<string>()),
            },
        };
    }

    /// <summary>A Message-ID in angle brackets, or null when it is missing or too long to be a key (over 500 characters).</summary>
    private static string? MessageId(string? id) => string.IsNullOrWhiteSpace(id) || id.Length > 498 ? null : $"<{id.Trim()}>";

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Truncate(string s, int max) => StorableText.Cut(s, max);
}
