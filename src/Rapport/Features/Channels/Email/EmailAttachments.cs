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

    private static IEnumerable<AttachmentCandidate> Unpack(TnefPart tnef)
    {
        try
        {
            var inner = tnef.ExtractAttachments().OfType<MimePart>().Where(p => p.FileName is not null).Select(p => Candidate(p, "")).ToList();
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

    private static string FallbackName(MimePart part) =>
        MimeTypes.TryGetExtension(part.ContentType.MimeType, out var extension) ? FileNames.Fallback + extension : FileNames.Fallback;

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Bytes(MessagePart part)
    {
        using var buffer = new MemoryStream();
        part.Message?.WriteTo(buffer);
        return buffer.ToArray();
    }
}
