using System.Net;
using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>
/// Readable plain text from (already sanitised) HTML, for previews, search and HTML-only emails. The expressions run
/// without backtracking (linear in the input), so hostile HTML cannot make them time out and refuse a message.
/// </summary>
public static partial class HtmlText
{
    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<[^>]+>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n{3,}", RegexOptions.NonBacktracking)]
    private static partial Regex BlankLines();

    public static string ToPlain(string html)
    {
        var text = LineBreaks().Replace(html, "\n");
        text = WebUtility.HtmlDecode(Tags().Replace(text, ""));
        return BlankLines().Replace(text.Replace("\r", "", StringComparison.Ordinal), "\n\n").Trim();
    }
}
