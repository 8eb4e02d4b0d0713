using System.Text;
using MimeKit;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// What is wrong with an email's MIME structure that MimeKit silently mends: the agent sees the message as MimeKit read
/// it, with a warning saying it may not be what the sender meant (and that the original can be downloaded).
/// </summary>
public static class MimeStructure
{
    private const int MaxDepth = 20;

    public static List<string> Warnings(MimeMessage mime, ReadOnlySpan<byte> raw)
    {
        var warnings = new List<string>();
        if (mime.Body is { } body)
        {
            Inspect(body, raw, warnings, 0);
        }

        return warnings.Distinct().ToList();
    }

    /// <summary>Whether "--boundary" occurs as a delimiter that opens a part (not only as the closing "--boundary--").</summary>
    private static bool BeginsAPart(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> delimiter)
    {
        while (raw.IndexOf(delimiter) is var at and >= 0)
        {
            var after = raw[(at + delimiter.Length)..];
            if (!after.StartsWith("--"u8))
            {
                return true;
            }

            raw = after;
        }

        return false;
    }

    private static void Inspect(MimeEntity entity, ReadOnlySpan<byte> raw, List<string> warnings, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var types = entity.Headers.Count(h => h.Id == HeaderId.ContentType);
        if (types > 1)
        {
            warnings.Add($"A part of the email has {types} Content-Type headers; it was read as {entity.ContentType.MimeType}.");
        }

        switch (entity)
        {
            case Multipart multipart:
                var boundary = Encoding.Latin1.GetBytes("--" + multipart.Boundary);
                if (multipart.Count == 0)
                {
                    warnings.Add(BeginsAPart(raw, boundary)
                        ? $"The email's {multipart.ContentType.MimeType} part is empty."
                        : $"The email's {multipart.ContentType.MimeType} part is empty: the boundary it declares never begins a part.");
                }
                else if (raw.IndexOf([.. boundary, (byte)'-', (byte)'-']) < 0)
                {
                    warnings.Add("The email ends without its closing MIME boundary: it may have been cut short in transit.");
                }

                foreach (var child in multipart)
                {
                    Inspect(child, raw, warnings, depth + 1);
                }

                break;
            case MessagePart { Message.Body: { } inner }:
                Inspect(inner, raw, warnings, depth + 1);
                break;
        }
    }
}
