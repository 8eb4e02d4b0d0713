using System.Text.RegularExpressions;

namespace Rapport.Features.Promises;

/// <summary>Splits the agent's own words of a message into sentences, leaving out quoted text.</summary>
public static partial class MessageSentences
{
    /// <summary>The sentences with where each starts; quoted replies and text in quotation marks are blanked first.</summary>
    public static IEnumerable<(int Start, string Text)> Split(string message)
    {
        var own = BlankQuotedText(message);
        foreach (Match m in Sentence().Matches(own))
        {
            var text = m.Value.Trim();
            if (text.Length > 0)
            {
                yield return (m.Index + (m.Value.Length - m.Value.TrimStart().Length), text);
            }
        }
    }

    /// <summary>Replaces quoted text by spaces so offsets still point into the original message.</summary>
    public static string BlankQuotedText(string message)
    {
        var chars = message.ToCharArray();
        var header = ReplyHeader().Match(message);
        if (header.Success)
        {
            Array.Fill(chars, ' ', header.Index, chars.Length - header.Index);
        }

        foreach (Match m in QuotedLine().Matches(message))
        {
            Array.Fill(chars, ' ', m.Index, m.Length);
        }

        foreach (Match m in InQuotationMarks().Matches(new string(chars)))
        {
            Array.Fill(chars, ' ', m.Index, m.Length);
        }

        return new string(chars);
    }

    // A sentence ends at . ! ? or … followed by space, or at a line break; "4.30pm" and "e.g." inside words do not end one.
    [GeneratedRegex(@"[^\r\n]+?(?:[.!?…]+(?=\s|$)|(?=\r?\n)|$)", RegexOptions.Multiline)]
    private static partial Regex Sentence();

    [GeneratedRegex(@"^[ \t]*>.*$", RegexOptions.Multiline)]
    private static partial Regex QuotedLine();

    [GeneratedRegex(@"^(?:On .{1,200}wrote:|Le .{1,200}a écrit ?:|-{2,}\s*Original Message\s*-{2,}|From: .+)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ReplyHeader();

    [GeneratedRegex(@"""[^""\r\n]{1,300}""|“[^”\r\n]{1,300}”|«[^»\r\n]{1,300}»")]
    private static partial Regex InQuotationMarks();
}
