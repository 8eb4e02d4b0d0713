using System.Text;

namespace Rapport.Features.Conversations;

/// <summary>
/// Makes a sender-chosen file name safe to store, show and offer as a download: no directories, no control, reserved
/// or bidirectional-override characters (which can disguise "exe.pdf" as "fdp.exe"), at most 255 characters with the
/// extension kept.
/// </summary>
public static class FileNames
{
    public const string Fallback = "attachment";

    private const string Reserved = "<>:\"|?*";
    private static readonly HashSet<string> WindowsDevices = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string Sanitise(string? name, string? fallback = null)
    {
        var s = (StorableText.Clean(name) ?? "").Replace('\\', '/');
        s = s[(s.LastIndexOf('/') + 1)..];
        var clean = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormC))
        {
            clean.Append(char.IsControl(c) || Reserved.Contains(c, StringComparison.Ordinal) || IsBidiControl(c) ? '_' : c);
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0 || result.All(c => c == '_'))
        {
            result = fallback is null ? Fallback : Sanitise(fallback);
        }

        var stem = Path.GetFileNameWithoutExtension(result);
        if (WindowsDevices.Contains(stem))
        {
            result = "_" + result;
        }

        return Shorten(result, MessageAttachment.FileNameMaxLength);
    }

    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Shorten(string name, int max)
    {
        if (name.Length <= max)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        if (extension.Length > 20)
        {
            extension = "";
        }

        var cut = max - extension.Length;
        // Never split a surrogate pair.
        if (char.IsHighSurrogate(name[cut - 1]))
        {
            cut--;
        }

        return name[..cut] + extension;
    }
}
