using MimeKit;
using MimeKit.Tnef;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// The files of an email: attachments, and inline parts that carry a file name or a Content-ID (images an HTML body
/// shows). Body text parts are not files. An Outlook winmail.dat is unpacked into the files it holds when it can be.
/// </summary>
public static class EmailAttachments
{
    public static List<AttachmentCandidate> Extract(MimeMessage mime)
    {
        var html = mime.HtmlBody ?? "";
        var files = new List<AttachmentCandidate>();
        foreach (var entity in mime.BodyParts)
        {
            switch (entity)
            {
                case TnefPart tnef:
                    files.AddRange(Unpack(tnef));
                    break;
                case MessagePart { IsAttachment: true } attached:
                    files.Add(new AttachmentCandidate(attached.ContentDisposition?.FileName ?? attached.ContentType.Name, "message/rfc822",
                        Bytes(attached), null, false, $"{attached.Message?.Subject ?? "message"}.eml"));
                    break;
                case MimePart part when IsFile(part):
                    files.Add(Candidate(part, html));
                    break;
            }
        }

        return files;
    }

    /// <summary>A body part is a file when it is an attachment or names itself; a text part without a name is body text.</summary>
    private static bool IsFile(MimePart part) =>
        part.IsAttachment || part.FileName is not null || (part is not TextPart && part.ContentId is not null);

    /// <summary>
    /// Inline: a part with a Content-ID that is not an attachment, or that the HTML body shows (cid:) even though the
    /// sender marked it as an attachment, as nodemailer does.
    /// </summary>
    private static AttachmentCandidate Candidate(MimePart part, string html) =>
        new(part.FileName, part.ContentType.MimeType, Decode(part), part.ContentId,
            part.ContentId is { } cid && (!part.IsAttachment || html.Contains("cid:" + cid, StringComparison.OrdinalIgnoreCase)),
            FallbackName(part));

    /// <summary>
    /// The files of a winmail.dat. Outlook names an attached message "Untitled Attachment" and packs it as TNEF again: such
    /// a message is offered as a .eml named by its subject, and its own files are unpacked beside it (three levels deep).
    /// </summary>
    private static List<AttachmentCandidate> Unpack(TnefPart tnef, int depth = 0)
    {
        try
        {
            var inner = new List<AttachmentCandidate>();
            foreach (var entity in tnef.ExtractAttachments())
            {
                switch (entity)
                {
                    case TnefPart nested when depth < 3:
                        var message = nested.ConvertToMessage();
                        inner.Add(new AttachmentCandidate(RealName(nested.FileName, message.Subject, ".eml"), "message/rfc822", Bytes(message), null, false,
                            "message.eml"));
                        inner.AddRange(Unpack(nested, depth + 1).Where(f => f.MediaType != "application/ms-tnef" || depth + 1 >= 3));
                        break;
                    case MessagePart { Message: { } attached }:
                        inner.Add(new AttachmentCandidate(RealName(attached.Subject, null, ".eml"), "message/rfc822", Bytes(attached), null, false, "message.eml"));
                        break;
                    case MimePart part when part.IsAttachment || part.FileName is not null:
                        inner.Add(Candidate(part, "") with { FileName = RealName(part.FileName, part.ContentType.Name, null) });
                        break;
                }
            }

            if (inner.Count > 0)
            {
                return inner;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A winmail.dat that cannot be unpacked is offered as it is.
        }

        return [Candidate(tnef, "")];
    }

    /// <summary>The name a file was given, unless it is Outlook's placeholder; then <paramref name="better"/> (a subject) with the extension.</summary>
    private static string? RealName(string? name, string? better, string? extension)
    {
        var placeholder = string.IsNullOrWhiteSpace(name) || name.Trim().Equals("Untitled Attachment", StringComparison.OrdinalIgnoreCase);
        var chosen = placeholder ? better : name;
        return string.IsNullOrWhiteSpace(chosen) ? null : extension is null || chosen.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? chosen : chosen + extension;
    }

    private static string FallbackName(MimePart part) =>
        MimeTypes.TryGetExtension(part.ContentType.MimeType, out var extension) ? FileNames.Fallback + extension : FileNames.Fallback;

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Bytes(MessagePart part) => part.Message is null ? [] : Bytes(part.Message);

    private static byte[] Bytes(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return buffer.ToArray();
    }
}
