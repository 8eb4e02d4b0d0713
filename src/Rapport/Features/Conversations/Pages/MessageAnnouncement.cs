using System.Globalization;

namespace Rapport.Features.Conversations.Pages;

/// <summary>
/// What the conversation page's live status says when messages arrive while it is open, as the inbox does: who wrote
/// and the first words, so a screen reader user hears the customer's answer without leaving the composer.
/// </summary>
public static class MessageAnnouncement
{
    /// <summary>How much of the text is read out: the first words, not the whole message.</summary>
    public const int MaxWords = 12;

    private const int MaxTextElements = 90;

    /// <summary>
    /// The sentence for the messages that arrived, or null when none is worth announcing: what the viewer wrote
    /// themselves (<paramref name="viewerName"/>) they already know about.
    /// </summary>
    public static string? For(IReadOnlyList<MessageDto> arrived, string? viewerName, string at)
    {
        var others = arrived
            .Where(m => m.Direction == MessageDirection.Inbound || !string.Equals(m.AuthorName, viewerName, StringComparison.Ordinal))
            .OrderBy(m => m.At)
            .ToList();
        if (others.Count == 0)
        {
            return null;
        }

        var latest = others[^1];
        var what = latest.Direction switch
        {
            MessageDirection.Note => $"New note by {latest.AuthorName ?? "a colleague"}",
            MessageDirection.Outbound => $"New reply by {latest.AuthorName ?? "a colleague"}",
            _ => $"New message from {latest.FromName ?? latest.From}",
        };
        var words = FirstWords(latest.Text);
        var more = others.Count > 1 ? $" ({others.Count} new messages)" : "";
        return words.Length == 0 ? $"{what} at {at}{more}." : $"{what} at {at}{more}: “{words}”";
    }

    /// <summary>The first <see cref="MaxWords"/> words on one line, never cutting a character (an emoji) in half.</summary>
    public static string FirstWords(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var line = string.Join(' ', words.Take(MaxWords));
        var cut = words.Length > MaxWords;
        var info = new StringInfo(line);
        if (info.LengthInTextElements > MaxTextElements)
        {
            line = info.SubstringByTextElements(0, MaxTextElements).TrimEnd();
            cut = true;
        }

        return cut ? $"{line}…" : line;
    }
}
