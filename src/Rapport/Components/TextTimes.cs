using System.Text.RegularExpressions;

namespace Rapport.Components;

internal static partial class TextTimes
{
    /// <summary>A UTC instant as ISO 8601 or the "u" format writes it: 2026-12-05T14:03:00Z, 2026-12-05 14:03:00Z, with or without seconds or fractions.</summary>
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|\+00:00)(?![\w])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    public static partial Regex Instant();
}
