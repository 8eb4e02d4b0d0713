using System.Globalization;

namespace Rapport.Features.Coach;

/// <summary>
/// Whether a customer's message is upset, explained. One scan over the folded words (<see cref="SentimentTokens"/>)
/// looks up, at each word, the longest entry of <see cref="SentimentLexicon"/> that starts there: emotional words
/// ("furious", "déçue"), and patterns that show upset without one — facts of a failure ("charged twice", "didn't show
/// up"), repeated contact ("the third time", "asking again"), waiting ("waited 45 minutes"), a promise broken ("I was
/// told"), politeness over a complaint ("I hate to complain"), worry ("not sure what to do"), threats ("chargeback",
/// "Trading Standards"). A negation within the three words before turns a plain word round ("not happy" is negative;
/// "no problem", "not bad" are not); an intensifier strengthens it. Sarcasm: a positive word opening a sentence
/// ("Great, another week…") or after "oh"/"yeah" counts against, not for, when the message has another negative cue;
/// time pressure ("tomorrow") counts only next to one. Shouting ("!!", a word in capitals) strengthens a message
/// already negative. Upset when the negative weight reaches 1.5 and outweighs the positive. Each cue keeps its words
/// and its kind, so the agent sees why. No regular expression: linear in the message.
/// </summary>
public static class InboundSentiment
{
    public const double UpsetAt = 1.5;

    /// <summary>Words of the message that count, where they start, their weight, and their kind when they are not an
    /// emotional word ("asked before", "threat", "sarcasm"…).</summary>
    public sealed record Cue(string Words, int Start, double Weight, string? Kind = null)
    {
        /// <summary>"'third time' (asked before)" or "'unacceptable'".</summary>
        public string Explained => Kind is null ? $"'{Words}'" : $"'{Words}' ({Kind})";
    }

    public sealed record Reading(bool Upset, double Negative, double Positive, IReadOnlyList<Cue> Cues)
    {
        /// <summary>"'still waiting', 'not happy', 'third time' (asked before)".</summary>
        public string Because => string.Join(", ", Cues.Where(c => c.Weight < 0).Select(c => c.Explained));
    }

    private sealed record Found(Cue Cue, int Token, int Sentence, bool Conditional);

    public static Reading Read(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return new Reading(false, 0, 0, []);
        }

        var own = Promises.MessageSentences.BlankQuotedText(message);
        var tokens = SentimentTokens.Split(own);
        var found = new List<Found>();
        var sentence = 0;
        var sentences = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            sentence += tokens[i].AfterStop && i > 0 ? 1 : 0;
            sentences[i] = sentence;
        }

        for (var i = 0; i < tokens.Count;)
        {
            var (entry, length) = SentimentLexicon.LongestAt(tokens, i);
            if (entry is null)
            {
                i++;
                continue;
            }

            var first = i;
            var weight = entry.Weight;
            if (entry.Kind is null && weight != 0)
            {
                var negation = NegationBefore(tokens, i);
                if (negation >= 0)
                {
                    // "not happy" → negative, with the negation in the words shown; "not bad", "no problem" → nothing.
                    weight = weight > 0 ? -1.5 : 0;
                    first = negation;
                }
                else if (i > 0 && !tokens[i].AfterStop && !tokens[i].AfterComma && SentimentLexicon.Intensifiers.Contains(tokens[i - 1].Word))
                {
                    weight *= 1.5;
                    first = i - 1;
                }
            }

            if (weight != 0)
            {
                var cue = new Cue(own[tokens[first].Start..tokens[i + length - 1].End], tokens[first].Start, weight, entry.Kind);
                found.Add(new Found(cue, i, sentences[i], entry.Conditional));
            }

            i += length;
        }

        return Weigh(own, tokens, sentences, found);
    }

    private static Reading Weigh(string own, List<SentimentToken> tokens, int[] sentences, List<Found> found)
    {
        var complaint = found.Where(f => f.Cue.Weight < 0 && !f.Conditional).ToList();
        var cues = new List<Cue>();
        double negative = 0, positive = 0;
        foreach (var f in found)
        {
            var cue = f.Cue;
            if (cue.Weight > 0 && complaint.Count > 0 && Sarcastic(tokens, sentences, f, found, complaint))
            {
                cue = cue with { Weight = -1, Kind = SentimentLexicon.Sarcasm };
            }
            else if (f.Conditional && complaint.Count == 0)
            {
                continue;
            }

            cues.Add(cue);
            if (cue.Weight < 0)
            {
                negative -= cue.Weight;
            }
            else
            {
                positive += cue.Weight;
            }
        }

        if (negative > 0)
        {
            var shouting = Math.Min(1.0, 0.5 * (Exclamations(own) + tokens.Count(t => t.Capitals && !Acronyms.Contains(t.Word))));
            if (shouting > 0)
            {
                cues.Add(new Cue("shouting (!!! or CAPITALS)", 0, -shouting));
                negative += shouting;
            }
        }

        return new Reading(negative >= UpsetAt && negative > positive, negative, positive, cues);
    }

    /// <summary>
    /// "Great, another week without my refund", "Oh brilliant, broken as well", "Lovely. So the room I paid for…": a
    /// positive word opening its sentence and cut off by punctuation, or after "oh"/"yeah", with a complaint in the same
    /// or the next sentence, and no other positive word in its sentence ("Great, thanks" stays thanks).
    /// </summary>
    private static bool Sarcastic(List<SentimentToken> tokens, int[] sentences, Found f, List<Found> found, List<Found> complaint)
    {
        var at = f.Token;
        var ironic = at > 0 && !tokens[at].AfterStop && SentimentLexicon.Ironic.Contains(tokens[at - 1].Word);
        var opens = (at == 0 || tokens[at].AfterStop)
            && (at + 1 == tokens.Count || tokens[at + 1].AfterComma || tokens[at + 1].AfterStop);
        if (!ironic && !opens)
        {
            return false;
        }

        var s = f.Sentence;
        return !found.Any(o => o != f && o.Sentence == s && o.Cue.Weight > 0)
            && complaint.Any(c => c.Sentence == s || c.Sentence == s + 1);
    }

    // The index of a negation among the three words before token i in the same clause, or −1.
    private static int NegationBefore(List<SentimentToken> tokens, int i)
    {
        for (var j = i - 1; j >= 0 && j >= i - 3; j--)
        {
            if (tokens[j + 1].AfterStop || tokens[j + 1].AfterComma)
            {
                return -1;
            }

            if (SentimentLexicon.Negations.Contains(tokens[j].Word))
            {
                return j;
            }
        }

        return -1;
    }

    // "!!", "??", "?!" and "!?" runs.
    private static int Exclamations(string text)
    {
        var count = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] is '!' or '?' && text[i - 1] is '!' or '?' && (i < 2 || text[i - 2] is not ('!' or '?')))
            {
                count++;
            }
        }

        return count;
    }

    // Words in capitals that are names of things, not shouting.
    private static readonly HashSet<string> Acronyms =
        ["pnr", "eta", "dpa", "rma", "sku", "asap", "bogof", "pin", "url", "gbp", "eur", "usd", "rsvp", "faq", "abta", "atol", "iata", "visa"];

    public static string Describe(Reading r) =>
        string.Create(CultureInfo.InvariantCulture, $"negative {r.Negative:F1}, positive {r.Positive:F1}: {r.Because}");
}
