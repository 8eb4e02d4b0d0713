using System.Net;
using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>Readable plain text from (already sanitised) HTML, for previews, search and HTML-only emails.</summary>
public static partial class HtmlText
{
    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]+>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n{3,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BlankLines();

    public static string ToPlain(string html)
    {
        var text = LineBreaks().Replace(html, "\n");
        text = WebUtility.HtmlDecode(Tags().Replace(text, ""));
        return BlankLines().Replace(text.Replace("\r", "", StringComparison.Ordinal), "\n\n").Trim();
    }
}
