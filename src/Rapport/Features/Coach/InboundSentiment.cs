using System.Globalization;
using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Whether a customer's message is upset, explained: a lexicon of negative and positive words and phrases (English and
/// French) with weights, intensifiers that strengthen the next word ("really disappointed"), negation that turns a word
/// round within three words ("not happy" is negative, "no problem" and "not bad" are not), and shouting (several "!" or
/// a word in capitals) that strengthens a message already negative. Upset when the negative weight reaches 1.5 and
/// outweighs the positive. The words that made it negative are returned, so the agent sees why.
/// </summary>
public static partial class InboundSentiment
{
    public const double UpsetAt = 1.5;

    public sealed record Cue(string Words, int Start, double Weight);

    public sealed record Reading(bool Upset, double Negative, double Positive, IReadOnlyList<Cue> Cues)
    {
        /// <summary>"'still waiting', 'not happy', 'unacceptable'".</summary>
        public string Because => string.Join(", ", Cues.Where(c => c.Weight < 0).Select(c => $"'{c.Words}'"));
    }

    public static Reading Read(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return new Reading(false, 0, 0, []);
        }

        var own = Promises.MessageSentences.BlankQuotedText(message);
        var cues = new List<Cue>();
        double negative = 0, positive = 0;
        foreach (Match m in Lexicon().Matches(own))
        {
            var weight = m.Groups["strong"].Success ? -2.0 : m.Groups["neg"].Success ? -1.0 : m.Groups["pos"].Success ? 1.0 : 0;
            var before = own[Math.Max(0, m.Index - 40)..m.Index];
            if (Negation().IsMatch(before))
            {
                // "not happy" → negative; "not bad", "no problem", "not disappointed" → nothing.
                weight = weight > 0 ? -1.5 : 0;
            }
            else if (Intensifier().IsMatch(before))
            {
                weight *= 1.5;
            }

            if (weight == 0)
            {
                continue;
            }

            var words = weight < 0 && m.Groups["pos"].Success ? Tail().Match(before).Value.Trim() + " " + m.Value : m.Value;
            cues.Add(new Cue(words.Trim(), m.Index, weight));
            if (weight < 0)
            {
                negative -= weight;
            }
            else
            {
                positive += weight;
            }
        }

        if (negative > 0)
        {
            var shouting = Math.Min(1.0, 0.5 * (Exclamations().Count(own) + Capitals().Count(own)));
            if (shouting > 0)
            {
                cues.Add(new Cue("shouting (!!! or CAPITALS)", 0, -shouting));
                negative += shouting;
            }
        }

        return new Reading(negative >= UpsetAt && negative > positive, negative, positive, cues);
    }

    public static string Describe(Reading r) =>
        string.Create(CultureInfo.InvariantCulture, $"negative {r.Negative:F1}, positive {r.Positive:F1}: {r.Because}");

    // Negative words and phrases (strong: −2; mild: −1) and positive ones (+1), English then French.
    [GeneratedRegex(@"\b(?:(?<strong>unacceptable|disgust(?:ed|ing)|disgrace(?:ful)?|appalling|appalled|outrage(?:d|ous)|furious|livid|ridiculous|shocking|shocked|horrendous|horrible|terrible|awful|worst|useless|incompetent|scandal(?:ous)?|rip[- ]off|scam|fed\s+up|nothing\s+but\s+(?:problems|trouble|hassle)|(?:three|four|five|six|several|\d+)\s+times|charged\s+twice|double[- ]charged|overcharged|sick\s+(?:and\s+tired|of)|waste\s+of\s+(?:(?:my|our)\s+)?(?:time|money)|let\s+down|never\s+again|thanks\s+for\s+nothing|still\s+(?:waiting|not|haven't|hasn't|no)|(?:second|third|fourth|fifth)\s+time|not\s+good\s+enough|want\s+(?:my\s+money\s+back|a\s+refund|to\s+complain|compensation)|make\s+a\s+complaint|formal\s+complaint|inadmissible|scandaleux|honteux|honte|furieux|furieuse|lamentable|nul(?:le)?|inacceptable|arnaque|déplorable|catastrophique|toujours\s+pas|toujours\s+rien|ras\s+le\s+bol|en\s+colère)"
        + @"|(?<neg>disappoint(?:ed|ing|ment)?|upset|unhappy|annoy(?:ed|ing)|frustrat(?:ed|ing|ion)|angry|poor|rude|dirty|filthy|broken|damaged|faulty|missing|lost|late|delayed|cancell?ed|wrong|complain(?:t)?|problems?|issues?|missed|crashed|freezing|mould|mouldy|leak(?:s|ing)?|exhausted|forgotten|forgot|refused|nowhere|stopped\s+working|won't\s+(?:turn\s+on|work|start|charge|open)|couldn't\s+use|had\s+to\s+pay|supposed\s+to|what\s+is\s+the\s+point|without\s+(?:any\s+)?(?:explanation|warning|notice)|never\s+(?:told|informed|warned)|mess|nightmare|unfortunately|worried|stressed|ignored|no\s+(?:one|reply|response|answer)|nobody|never\s+(?:arrived|came|received|turned\s+up|got)|hasn't\s+arrived|haven't\s+(?:received|heard)|didn't\s+(?:arrive|work|receive)|doesn't\s+work|not\s+working|refund|déçue?s?|déception|mécontente?s?|énervée?s?|inquiète?|retard|cassée?s?|abîmée?s?|sale|impoli|problème|plainte|perdue?s?|manquant)"
        + @"|(?<pos>thanks|thank\s+you|great|lovely|happy|pleased|perfect|wonderful|excellent|brilliant|delighted|appreciate(?:d)?|amazing|fantastic|helpful|kind|good|impressed|merci|parfait|ravie?s?|contente?s?|super|génial|excellent))\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Lexicon();

    // A negation in the three words before: "not", "n't", "never", "no", "hardly", "without", "pas", "jamais", "ni".
    [GeneratedRegex(@"(?:\b(?:not|no|never|hardly|without|nor|pas|jamais|ni|plus)|n't)(?:\s+[\w']+){0,2}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:very|so|really|extremely|totally|absolutely|completely|utterly|incredibly|deeply|très|vraiment|totalement|extrêmement)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex Intensifier();

    [GeneratedRegex(@"(?:\S+\s+){0,2}\S*\s*$")]
    private static partial Regex Tail();

    [GeneratedRegex(@"!{2,}|\?{2,}|\?!|!\?")]
    private static partial Regex Exclamations();

    // A word of four or more capital letters that is not a known acronym-like token with digits.
    [GeneratedRegex(@"\b(?!(?:PNR|ETA|DPA|RMA|SKU|ASAP|BOGOF|UK|USA|EU|ID|OK|PIN|URL|GBP|EUR|USD|NHS|TV|PS|RSVP|FAQ)\b)[A-Z]{4,}\b")]
    private static partial Regex Capitals();
}
