using System.Text;
using MimeKit;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// The readable text and HTML of an email. Messages it carries inline (a forward as message/rfc822, the parts of a
/// multipart/digest, the returned message of a bounce) are added to the text as forwarded-message sections, so their
/// words can be read and searched, not only downloaded raw.
/// </summary>
public static class EmailBody
{
    private const int MaxDepth = 3;
    private const string Separator = "---------- Forwarded message ----------";

    public static (string? Text, string? Html) Read(MimeMessage mime) => Read(mime, 0);

    private static (string? Text, string? Html) Read(MimeMessage mime, int depth)
    {
        var (text, html) = Own(mime);
        var forwarded = new StringBuilder();
        if (depth < MaxDepth)
        {
            foreach (var part in Enclosed(mime))
            {
                if (part.Message is not { } inner)
                {
                    continue;
                }

                var (innerText, _) = Read(inner, depth + 1);
                forwarded.Append("\n\n").Append(Separator).Append('\n');
                Line(forwarded, "From", inner.From.ToString());
                Line(forwarded, "Date", inner.Date == DateTimeOffset.MinValue ? null : inner.Date.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                Line(forwarded, "Subject", inner.Subject);
                Line(forwarded, "To", inner.To.ToString());
                forwarded.Append('\n').Append(string.IsNullOrWhiteSpace(innerText) ? "(no readable text)" : innerText.Trim());
                if (forwarded.Length > Message.TextMaxLength)
                {
                    break;
                }
            }
        }

        if (forwarded.Length > 0)
        {
            text = string.IsNullOrWhiteSpace(text) ? forwarded.ToString().TrimStart() : text.TrimEnd() + forwarded;
        }

        return (text, html);
    }

    /// <summary>
    /// The message's own text and HTML as MimeKit finds them; failing that (an empty multipart/alternative before the real
    /// part hides it from MimeKit's search) the first inline text part anywhere. An HTML-only email gets text from its HTML.
    /// </summary>
    private static (string? Text, string? Html) Own(MimeMessage mime)
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

        if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(html))
        {
            text = Unsplit(mime.Body);
        }

        return (text, string.IsNullOrWhiteSpace(html) ? null : html);
    }

    /// <summary>
    /// A multipart whose boundary never begins a part (a mailer that declared multipart and wrote plain text, or a boundary
    /// spelled differently in the header and the body) holds the whole body as its preamble: that is the sender's text.
    /// </summary>
    private static string? Unsplit(MimeEntity? body)
    {
        if (body is not Multipart { Count: 0 } multipart)
        {
            return null;
        }

        var words = string.Join("\n", new[] { multipart.Preamble, multipart.Epilogue }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return words.Length == 0 ? null : words.Trim();
    }

    /// <summary>Messages carried inline, not as attachments (those are offered as .eml files).</summary>
    private static IEnumerable<MessagePart> Enclosed(MimeMessage mime) =>
        mime.Body is MessagePart whole ? [whole] : mime.BodyParts.OfType<MessagePart>().Where(p => !p.IsAttachment);

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(name).Append(": ").Append(value.Trim()).Append('\n');
        }
    }
}
