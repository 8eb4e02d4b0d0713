using Rapport.Features.Conversations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Letters;

/// <summary>One file of a letter's scan as uploaded: its name as given and its bytes.</summary>
public sealed record LetterScanFile(string? FileName, byte[] Content);

/// <summary>
/// Which files may be a letter's scan: a PDF or an image, known by its first bytes (never by its name or the type the
/// browser declared, which say what the sender hoped, not what the file is). A name that claims another type than the
/// content is refused too: "letter.pdf" that is not a PDF is a mistake or a trick either way.
/// </summary>
public static class LetterScans
{
    public const int MaxFiles = 10;

    private sealed record Kind(string MediaType, string Label, string[] Extensions);

    private static readonly Kind Pdf = new("application/pdf", "a PDF", [".pdf"]);
    private static readonly Kind Png = new("image/png", "a PNG image", [".png"]);
    private static readonly Kind Jpeg = new("image/jpeg", "a JPEG image", [".jpg", ".jpeg", ".jpe", ".jfif"]);
    private static readonly Kind Tiff = new("image/tiff", "a TIFF image", [".tif", ".tiff"]);
    private static readonly Kind Gif = new("image/gif", "a GIF image", [".gif"]);
    private static readonly Kind Webp = new("image/webp", "a WebP image", [".webp"]);
    private static readonly Kind[] Kinds = [Pdf, Png, Jpeg, Tiff, Gif, Webp];

    public const string Accepted = "a PDF or an image (PNG, JPEG, TIFF, GIF or WebP)";

    /// <summary>
    /// Checks every file (count, emptiness, size, type by content) before anything is stored, and returns them as
    /// attachment candidates with the media type their content shows. Throws <see cref="InvalidInputException"/> on
    /// <c>scan</c>, or <see cref="ScanTooLargeException"/> over the limits.
    /// </summary>
    public static IReadOnlyList<AttachmentCandidate> Check(IReadOnlyList<LetterScanFile> files, AttachmentLimits limits)
    {
        if (files.Count == 0)
        {
            throw new InvalidInputException("scan", $"Attach the scan of the letter: {Accepted}.");
        }

        if (files.Count > MaxFiles)
        {
            throw new InvalidInputException("scan", $"At most {MaxFiles} files make one letter's scan; combine the pages into one PDF.");
        }

        var candidates = new List<AttachmentCandidate>();
        long total = 0;
        foreach (var file in files)
        {
            var name = FileNames.Sanitise(file.FileName, "scan");
            if (file.Content.LongLength == 0)
            {
                throw new InvalidInputException("scan", $"'{name}' is empty: scan the letter again.");
            }

            if (file.Content.LongLength > limits.PerAttachment)
            {
                throw new ScanTooLargeException($"'{name}' is {AttachmentStore.Size(file.Content.LongLength)}, over the {AttachmentStore.Size(limits.PerAttachment)} limit per file.",
                    $"At most {AttachmentStore.Size(limits.PerAttachment)} per file.");
            }

            total += file.Content.LongLength;
            if (total > limits.PerMessage)
            {
                throw new ScanTooLargeException($"The files together are over the {AttachmentStore.Size(limits.PerMessage)} limit for one letter.",
                    $"At most {AttachmentStore.Size(limits.PerMessage)} together.");
            }

            var kind = KindOf(file.Content)
                ?? throw new InvalidInputException("scan", $"'{name}' is not {Accepted}: its content is none of these, whatever its name says.");
            var extension = Path.GetExtension(name).ToLowerInvariant();
            if (Kinds.FirstOrDefault(k => k.Extensions.Contains(extension)) is { } named && named != kind)
            {
                throw new InvalidInputException("scan", $"'{name}' is not {named.Label}: its content is {kind.Label}. Rename it or choose the right file.");
            }

            // Kept under a name that says what it is: "x.html" with a PDF's bytes is stored as "x.html.pdf".
            var kept = kind.Extensions.Contains(extension) ? name : name + kind.Extensions[0];
            candidates.Add(new AttachmentCandidate(kept, kind.MediaType, file.Content, null, Inline: false, FallbackName: "scan"));
        }

        return candidates;
    }

    private static Kind? KindOf(ReadOnlySpan<byte> b)
    {
        // A PDF reader accepts the header anywhere in the first kilobyte (some scanners write a preamble first).
        if (b[..Math.Min(b.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return Pdf;
        }

        return b switch
        {
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => Png,
            [0xFF, 0xD8, 0xFF, ..] => Jpeg,
            [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => Tiff,
            [0x47, 0x49, 0x46, 0x38, 0x37 or 0x39, 0x61, ..] => Gif,
            [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => Webp,
            _ => null,
        };
    }
}

/// <summary>A scan over the attachment limits: answered 413 on <c>scan</c>.</summary>
public sealed class ScanTooLargeException(string message, string limit) : Exception(message)
{
    public string Limit { get; } = limit;
}
