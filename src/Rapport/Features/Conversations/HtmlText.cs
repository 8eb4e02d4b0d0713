using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>
/// Readable plain text from (already sanitised) HTML, for previews, search and HTML-only emails. The work is linear in the
/// input, so hostile HTML cannot make it time out or hold a core for seconds and refuse or delay a message.
/// </summary>
public static partial class HtmlText
{
    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.NonBacktracking)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^<script\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpening();

    [GeneratedRegex(@"^<style\b", RegexOptions.IgnoreCase)]
    private static partial Regex StyleOpening();

    [GeneratedRegex(@"</script\s*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ScriptClosing();

    [GeneratedRegex(@"</style\s*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex StyleClosing();

    [GeneratedRegex(@"\n{3,}", RegexOptions.NonBacktracking)]
    private static partial Regex BlankLines();

    public static string ToPlain(string html)
    {
        var text = LineBreaks().Replace(html, "\n");
        text = WebUtility.HtmlDecode(WithoutTags(text));
        return BlankLines().Replace(text.Replace("\r", "", StringComparison.Ordinal), "\n\n").Trim();
    }

    /// <summary>
    /// Removes script and style elements with their content, and every other tag. One expression with a lazy
    /// <c>&lt;script…&gt;.*?&lt;/script&gt;</c> is quadratic even without backtracking: each unclosed opening tag makes it look
    /// to the end of the input. Here the closing tags are found once, in one pass, and each opening tag only looks up the next.
    /// </summary>
    private static string WithoutTags(string text)
    {
        var scriptEnds = new Closings(ScriptClosing().Matches(text));
        var styleEnds = new Closings(StyleClosing().Matches(text));
        var kept = new StringBuilder(text.Length);
        var at = 0;
        for (var tag = Tag().Match(text); tag.Success; tag = Tag().Match(text, at))
        {
            kept.Append(text, at, tag.Index - at);
            var end = tag.Index + tag.Length;
            var closing = ScriptOpening().IsMatch(tag.ValueSpan) ? scriptEnds.After(end)
                : StyleOpening().IsMatch(tag.ValueSpan) ? styleEnds.After(end)
                : null;
            at = closing is { } element ? element.Index + element.Length : end; // an element without its closing tag loses only the tag
        }

        return kept.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The closing tags of one element in order; asked for positions that only ever grow, so the walk is linear.</summary>
    private sealed class Closings(MatchCollection matches)
    {
        private int next;

        public Match? After(int position)
        {
            while (next < matches.Count && matches[next].Index < position)
            {
                next++;
            }

            return next < matches.Count ? matches[next] : null;
        }
    }
}
