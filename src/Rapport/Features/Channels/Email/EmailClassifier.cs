using System.Text.RegularExpressions;
using MimeKit;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Email;

/// <summary>What an email is, beyond a message from a person.</summary>
public enum EmailKind { Message, AutoReply, Bounce, ReadReceipt, DelayNotice, AbuseReport }

/// <summary>What an email was taken for and why, in words an agent can check against the raw message.</summary>
public sealed record EmailClass(EmailKind Kind, string? Reason)
{
    /// <summary>Machine mail: it joins the conversation it answers, or waits in the automatic mail view.</summary>
    public bool IsAutomatic => Kind != EmailKind.Message;
}

/// <summary>
/// Tells person-written mail from machine mail. A message is taken for machine mail only on evidence a person's mail
/// does not carry: a report structure (RFC 3464 delivery status, RFC 8098 read receipt, RFC 5965 abuse report), an
/// RFC 3834 <c>Auto-Submitted</c> header or an autoresponder's own header, or a bounce sender together with bounce
/// content. One sign alone (a <c>postmaster@</c> sender, <c>Precedence: bulk</c>, a subject) leaves it a message,
/// because a message wrongly shown costs a glance and one wrongly hidden costs a customer.
/// </summary>
public static partial class EmailClassifier
{
    private static readonly string[] BounceMailboxes = ["mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster", "post_master", "post-master"];

    public static EmailClass Classify(MimeMessage mime)
    {
        if (Report(mime) is { } report)
        {
            return report;
        }

        var h = mime.Headers;
        var subject = mime.Subject ?? "";
        var from = mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender;
        if (h["X-Failed-Recipients"] is { Length: > 0 } failed)
        {
            return new(EmailKind.Bounce, $"X-Failed-Recipients: {Short(failed)}");
        }

        var bounceSender = IsBounceSender(from);
        if (Delay(bounceSender, subject, mime) is { } delay)
        {
            return delay;
        }

        var bounceSubject = Matches(BounceSubject(), subject);
        // A mail server's own ways of saying it failed count only from a bounce sender: a person may write them of a parcel.
        var bounceText = (bounceSender || bounceSubject) && Matches(BounceText(), BodyText(mime))
            || bounceSender && Matches(ServerFailureText(), BodyText(mime));
        if (bounceSender && (bounceSubject || bounceText))
        {
            return new(EmailKind.Bounce, $"Sent by {from!.Address} with {(bounceSubject ? "a bounce subject" : "bounce wording in its text")}");
        }

        if (bounceSubject && bounceText)
        {
            return new(EmailKind.Bounce, "A bounce subject and bounce wording in its text");
        }

        var autoSubmitted = h[HeaderId.AutoSubmitted]?.Trim();
        if (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return new(EmailKind.AutoReply, $"Auto-Submitted: {Short(autoSubmitted)}");
        }

        foreach (var header in (string[])["X-Autoreply", "X-Autorespond", "X-Autoresponse"])
        {
            if (h.Contains(header))
            {
                return new(EmailKind.AutoReply, $"{header}: {Short(h[header] ?? "")}");
            }
        }

        if (h["X-Apple-Action"] is { } apple && apple.Contains("VACATION", StringComparison.OrdinalIgnoreCase))
        {
            return new(EmailKind.AutoReply, $"X-Apple-Action: {Short(apple)}");
        }

        // Exchange marks its out-of-office replies only this way; the subject prefix is its own, in the sender's language.
        if (h.Contains("X-Auto-Response-Suppress") && Matches(AutoReplySubject(), subject))
        {
            return new(EmailKind.AutoReply, "X-Auto-Response-Suppress with an automatic-reply subject");
        }

        if (h[HeaderId.Precedence]?.Trim() is { } precedence && precedence.Equals("auto_reply", StringComparison.OrdinalIgnoreCase))
        {
            return new(EmailKind.AutoReply, "Precedence: auto_reply");
        }

        return new(EmailKind.Message, ListMail(mime));
    }

    /// <summary>
    /// A plain-text warning that delivery is late and still being tried (no delivery-status part to read): nothing failed,
    /// so the address is not marked failing. Taken only on the mail system's own wording and either a bounce sender or a
    /// delay subject, so a customer writing that their parcel "has not yet been delivered" stays a message.
    /// </summary>
    private static EmailClass? Delay(bool bounceSender, string subject, MimeMessage mime)
    {
        var delaySubject = Matches(DelaySubject(), subject);
        if (!bounceSender && !delaySubject)
        {
            return null;
        }

        var text = BodyText(mime);
        if (!Matches(DelayText(), text) || Matches(FinalFailureText(), text))
        {
            return null;
        }

        return new(EmailKind.DelayNotice, bounceSender
            ? $"Sent by {(mime.From.Mailboxes.FirstOrDefault() ?? mime.Sender)?.Address} saying delivery is delayed and still being tried (nothing failed)"
            : "A delay subject and the mail system's wording that delivery is still being tried (nothing failed)");
    }

    /// <summary>A multipart/report, wherever the sender nested it, read by its report type and, for DSNs, by each recipient's action.</summary>
    private static EmailClass? Report(MimeMessage mime)
    {
        var report = mime.Body as MultipartReport ?? mime.BodyParts.OfType<MultipartReport>().FirstOrDefault()
            ?? (mime.Body as Multipart)?.OfType<MultipartReport>().FirstOrDefault();
        var type = report?.ReportType?.ToLowerInvariant();
        var status = mime.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (type == "delivery-status" || status is not null)
        {
            var actions = status is null ? [] : BounceDetails.Actions(status);
            return actions.Count > 0 && actions.All(a => a is "delayed" or "delivered" or "relayed" or "expanded")
                ? new(EmailKind.DelayNotice, $"Delivery status notification, action: {string.Join(", ", actions.Distinct())} (nothing failed)")
                : new(EmailKind.Bounce, "Delivery status notification (multipart/report; report-type=delivery-status)");
        }

        if (type == "disposition-notification" || mime.BodyParts.OfType<MessageDispositionNotification>().Any())
        {
            return new(EmailKind.ReadReceipt, "Read receipt (multipart/report; report-type=disposition-notification)");
        }

        if (type == "feedback-report" || mime.BodyParts.OfType<MessageFeedbackReport>().Any())
        {
            return new(EmailKind.AbuseReport, "Abuse report (multipart/report; report-type=feedback-report)");
        }

        return null;
    }

    private static string? ListMail(MimeMessage mime)
    {
        var h = mime.Headers;
        if (h["List-Id"] is { Length: > 0 } list)
        {
            return $"Mailing-list mail (List-Id: {Short(list)})";
        }

        if (h[HeaderId.Precedence]?.Trim() is { Length: > 0 } precedence && precedence.ToLowerInvariant() is "bulk" or "list" or "junk")
        {
            return $"Mailing-list or bulk mail (Precedence: {Short(precedence)})";
        }

        return h.Contains("List-Unsubscribe") ? "Mailing-list mail (List-Unsubscribe)" : null;
    }

    /// <summary>MAILER-DAEMON@host, a bare MAILER-DAEMON, postmaster@, post_master@ and their spellings.</summary>
    public static bool IsBounceSender(MailboxAddress? from)
    {
        var address = from?.Address?.Trim() ?? "";
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? address : address[..at];
        return BounceMailboxes.Contains(local, StringComparer.OrdinalIgnoreCase)
            || (from?.Name is { } name && name.Contains("Mail Delivery", StringComparison.OrdinalIgnoreCase) && local.Contains("daemon", StringComparison.OrdinalIgnoreCase));
    }

    internal static string BodyText(MimeMessage mime)
    {
        var text = mime.TextBody ?? mime.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && !p.IsHtml)?.Text ?? "";
        return text.Length > 20_000 ? text[..20_000] : text;
    }

    /// <summary>A pattern that takes too long on hostile text is no evidence: the message stays a message.</summary>
    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    internal static string Short(string s)
    {
        s = s.ReplaceLineEndings(" ").Trim();
        return s.Length <= 120 ? s : StorableText.Cut(s, 120) + "…";
    }

    [GeneratedRegex(@"^\s*(Undeliver(able|ed)|Undelivered Mail|Returned mail|Delivery Status Notification \(Failure\)|Delivery Status Notification|Mail delivery failed|Delivery failure|Failure notice|Mail System Error|Non[- ]?deliver|Delivery has failed|Message not delivered|Unzustellbar|Nicht zustellbar|Non remis|Onbestelbaar)",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"could not be delivered|couldn't be delivered|wasn't delivered|was not delivered|delivery (to the following recipients? )?(has )?failed|failed permanently|permanent (fatal )?error|undeliverable|user unknown|unknown user|no such user|mailbox (is )?(unavailable|full|not found)|recipient address rejected|address rejected|does not exist|I'm sorry to have to inform you|This is the mail system at host|following address(es)? failed|\b5\.\d{1,3}\.\d{1,3}\b|\b55\d[ -]",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex BounceText();

    [GeneratedRegex(@"^\s*(Warning: message .{0,40}delayed|Delayed Mail|Delivery Status Notification \(Delay\)|Mail Delivery Warning|Warning: message has not yet been delivered)",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex DelaySubject();

    [GeneratedRegex(@"has not yet been delivered|delivery to the following recipients? has been delayed|will be retried|delivery attempts will continue|will continue to attempt delivery|still being retried|THIS IS A WARNING MESSAGE ONLY|do not need to resend|is just a warning",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex DelayText();

    [GeneratedRegex(@"failed permanently|permanent (fatal )?error|giving up|gave up|could not be delivered|has not been delivered|was not delivered|undeliverable|user unknown|no such user",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex FinalFailureText();

    [GeneratedRegex(@"has not been delivered|(unable|not able|wasn't able) to deliver|I've given up|has been returned because|no longer valid",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex ServerFailureText();

    [GeneratedRegex(@"^\s*(Automatic reply|Auto(matic)?[- ]?(reply|response)|Out of (the )?office|Abwesenheitsnotiz|Automatische Antwort|R[ée]ponse automatique|Respuesta autom[áa]tica|Risposta automatica)",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex AutoReplySubject();
}
