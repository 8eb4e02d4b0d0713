using System.Text.RegularExpressions;
using MimeKit;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Email;

/// <summary>Which address a bounce says failed and why ("5.1.1 User unknown"), from its delivery-status part or, failing that, its text.</summary>
public static partial class BounceDetails
{
    /// <summary>The action of every recipient a delivery-status part reports on (failed, delayed, delivered, relayed, expanded).</summary>
    public static List<string> Actions(MessageDeliveryStatus status) =>
        status.StatusGroups.Skip(1).Select(g => g["Action"]?.Trim().ToLowerInvariant()).OfType<string>().Where(a => a.Length > 0).ToList();

    /// <summary>The address that failed and the reason, or nulls when the bounce does not say.</summary>
    public static (string? Address, string? Reason) Of(MimeMessage mime, string text)
    {
        foreach (var part in mime.BodyParts.OfType<MessageDeliveryStatus>())
        {
            foreach (var group in part.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim().ToLowerInvariant();
                if (action is "delayed" or "delivered" or "relayed" or "expanded")
                {
                    continue;
                }

                var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
                if (recipient is not null)
                {
                    var status = group["Status"]?.Trim();
                    var diagnostic = group["Diagnostic-Code"]?.ReplaceLineEndings(" ").Trim();
                    return (Address(recipient), Reason(status, diagnostic) ?? ReasonInText(text));
                }
            }
        }

        var failed = mime.Headers["X-Failed-Recipients"]?.Split(',').Select(a => a.Trim().Trim('<', '>')).FirstOrDefault(IsAddress);
        return (failed?.ToLowerInvariant() ?? AddressInText(mime, text), ReasonInText(text));
    }

    /// <summary>"rfc822; ann@example.com" or "&lt;ann@example.com&gt;" as a plain lower-case address.</summary>
    private static string Address(string field)
    {
        var value = field.Contains(';', StringComparison.Ordinal) ? field[(field.IndexOf(';', StringComparison.Ordinal) + 1)..] : field;
        return value.Trim().Trim('<', '>').ToLowerInvariant();
    }

    private static string? Reason(string? status, string? diagnostic)
    {
        if (string.IsNullOrEmpty(status) && string.IsNullOrEmpty(diagnostic))
        {
            return null;
        }

        // "smtp; 550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown" → after the type, without a repeated status.
        var detail = diagnostic is null ? null : diagnostic.Contains(';', StringComparison.Ordinal) ? diagnostic[(diagnostic.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim() : diagnostic;
        var reason = string.IsNullOrEmpty(status) ? detail : string.IsNullOrEmpty(detail) || detail.Contains(status, StringComparison.Ordinal) ? detail ?? status : $"{status} {detail}";
        return Limit(reason);
    }

    /// <summary>The first line of the text with an enhanced status code (5.1.1) or an SMTP reply code (550), as the bounce words it.</summary>
    private static string? ReasonInText(string text)
    {
        try
        {
            var match = EnhancedStatus().Match(text);
            if (!match.Success)
            {
                match = ReplyCode().Match(text);
            }

            return match.Success ? Limit(match.Value.Trim()) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// A plain-text bounce names the failed address in its text, before the returned message: the first address there that
    /// is not the bounce's own sender or a bounce mailbox.
    /// </summary>
    private static string? AddressInText(MimeMessage mime, string text)
    {
        var own = mime.From.Mailboxes.Select(m => m.Address).Concat(mime.To.Mailboxes.Select(m => m.Address)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var cut = ReturnedMessage().Match(text);
        var notice = cut.Success ? text[..cut.Index] : text;
        try
        {
            foreach (Match m in AnAddress().Matches(notice))
            {
                var address = m.Value.Trim('.', '<', '>');
                if (!own.Contains(address) && !EmailClassifier.IsBounceSender(new MailboxAddress(null, address)))
                {
                    return address.ToLowerInvariant();
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }

        return null;
    }

    private static bool IsAddress(string s) => s.Contains('@', StringComparison.Ordinal) && s.Length <= 320;

    private static string? Limit(string? s) => s is null ? null : StorableText.Cut(s, 300);

    [GeneratedRegex(@"[^\r\n]*\b[45]\.\d{1,3}\.\d{1,3}\b[^\r\n]*", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex EnhancedStatus();

    [GeneratedRegex(@"[^\r\n]*\b5[0-5]\d[ -][^\r\n]*", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex ReplyCode();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex AnAddress();

    [GeneratedRegex(@"^(-+ ?(Original message|Forwarded message|This is a copy of the message|The original message|Below this line is a copy)|Return-Path:|Received:|Original message follows)",
        RegexOptions.IgnoreCase | RegexOptions.Multiline, matchTimeoutMilliseconds: 200)]
    private static partial Regex ReturnedMessage();
}
