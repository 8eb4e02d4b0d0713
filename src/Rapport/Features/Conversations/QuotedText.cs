using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>
/// Splits a plain-text message into what the sender wrote and the history their mail program quoted under it, so the
/// page can fold the history away. Only a quote that runs to the end of the message is folded (text written below a
/// quote, as in interleaved replies, stays in view), and a message that is nothing but a quote is shown whole.
/// </summary>
public static partial class QuotedText
{
    /// <summary>"On Tue, 3 Dec 2026 at 10:02, Ann &lt;ann@example.com&gt; wrote:" and its French, German, Spanish forms.</summary>
    [GeneratedRegex(@"^(On\s.{1,300}\swrote|Le\s.{1,300}\sa\s[ée]crit|Am\s.{1,300}\sschrieb|El\s.{1,300}\sescribi[óo])\s?:\s*$",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*(-{2,}\s*(Original Message|Forwarded message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}|_{10,})\s*$",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(From|De|Von)\s?:\s.+", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^(Sent|Date|Envoyé|Gesendet)\s?:\s.+", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex OutlookSent();

    public static (string Written, string? Quoted) Split(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var start = QuoteStart(lines);
        if (start is null)
        {
            return (text, null);
        }

        var written = string.Join('\n', lines[..start.Value]).TrimEnd();
        return written.Length == 0 ? (text, null) : (written, string.Join('\n', lines[start.Value..]).Trim('\n'));
    }

    private static int? QuoteStart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (Separator().IsMatch(line) || (OutlookFrom().IsMatch(line) && i + 1 < lines.Length && OutlookSent().IsMatch(lines[i + 1].Trim())))
            {
                return i;
            }

            // Gmail wraps a long attribution over two lines.
            var attribution = Attribution().IsMatch(line) ? i
                : i + 1 < lines.Length && Attribution().IsMatch($"{line} {lines[i + 1].Trim()}") ? i
                : (int?)null;
            if (attribution is { } at && OnlyQuotedAfter(lines, at + (Attribution().IsMatch(line) ? 1 : 2)))
            {
                return at;
            }

            if (line.StartsWith('>') && OnlyQuotedAfter(lines, i))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The rest is quoted lines and blank lines only: text after a quote is an answer (bottom-posting), never folded.</summary>
    private static bool OnlyQuotedAfter(string[] lines, int from)
    {
        var quoted = 0;
        for (var i = from; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.StartsWith('>'))
            {
                quoted++;
            }
            else if (line.Length > 0)
            {
                return false;
            }
        }

        return quoted > 0;
    }
}
