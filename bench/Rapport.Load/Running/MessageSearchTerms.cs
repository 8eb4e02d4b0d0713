using Rapport.Load.Dashboards;

namespace Rapport.Load.Running;

/// <summary>
/// What `message-search` searches for, drawn from what `dashboards` wrote: a <em>rare</em> term is one conversation's
/// number (its messages' subject is "Bench N", so five messages match), a <em>common</em> word comes from the eight
/// sentences every message is made of (each in hundreds of thousands to millions of messages; "bench", in every
/// subject, in all of them), and a <em>phrase</em> is two words that stand side by side in one of those sentences.
/// </summary>
internal sealed class MessageSearchTerms
{
    public const string Rare = "rare", Common = "common", Phrase = "phrase";

    private readonly int conversations;
    private readonly string[] words;
    private readonly string[] phrases;

    public MessageSearchTerms(int conversations)
    {
        if (conversations < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(conversations), "message-search needs the number of conversations dashboards added (10 or more).");
        }

        this.conversations = conversations;
        var sentences = DashboardsCommand.Sentences.Select(Tokens).ToList();
        words = sentences.SelectMany(w => w).Where(w => w.Length >= 4).Append("bench").Distinct().Order(StringComparer.Ordinal).ToArray();
        phrases = sentences.SelectMany(s => s.Zip(s.Skip(1), (a, b) => (a, b)))
            .Where(p => p.a.Length >= 3 && p.b.Length >= 3).Select(p => $"{p.a} {p.b}").Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<string> Words => words;

    public IReadOnlyList<string> Phrases => phrases;

    /// <summary>
    /// A third of each class. Rare numbers start at a tenth of the conversations so that, searched as a word prefix,
    /// "N" cannot also find "N0" to "N9": exactly one conversation matches.
    /// </summary>
    public (string Class, string Term) Next(Random random) => random.Next(3) switch
    {
        0 => (Rare, random.Next(conversations / 10, conversations).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        1 => (Common, words[random.Next(words.Length)]),
        _ => (Phrase, phrases[random.Next(phrases.Length)]),
    };

    /// <summary>Words as SQLite's unicode61 tokenizer and PostgreSQL's simple configuration cut them: runs of letters, lower-cased.</summary>
    internal static string[] Tokens(string text) =>
        System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), "[^\\p{L}\\p{N}]+").Where(w => w.Length > 0).ToArray();
}
