using System.Text.RegularExpressions;

namespace Rapport.Features.Promises;

/// <summary>
/// Finds the sentences of an outgoing message in which the agent or the organisation undertakes to do something
/// (English, and French as a bonus), with what is promised and when it is due. Rule-based: a first-person or
/// organisational subject with a future ("I'll", "we will", "my colleague is going to", "your refund will be
/// processed", "you'll hear from me", "je vous rappelle demain"), minus questions, conditions on the customer,
/// instructions to the customer, negations and quoted text. Past tense never matches because nothing is future.
/// </summary>
public static partial class PromiseDetector
{
    public static IReadOnlyList<PromiseCandidate> Detect(string message, PromiseContext context)
    {
        var found = new List<PromiseCandidate>();
        foreach (var (start, raw) in MessageSentences.Split(message))
        {
            if (Find(raw.Replace('’', '\'')) is not { } promise)
            {
                continue;
            }

            var due = DueTimeParser.Parse(promise.Sentence, context);
            found.Add(new PromiseCandidate(raw, start, What(promise.Sentence, promise.WhatFrom, due), due?.At, due?.Text, promise.Language));
        }

        return found;
    }

    private static (string Sentence, int WhatFrom, string Language)? Find(string sentence)
    {
        var s = sentence.Trim();
        if (s.Length == 0 || s.EndsWith('?'))
        {
            return null;
        }

        if (!ConditionOnCustomer().IsMatch(s) && !InstructionToCustomer().IsMatch(s))
        {
            foreach (Match m in EnglishCommitment().Matches(s))
            {
                if (!m.Groups["neg"].Success && !NotACommitment().IsMatch(s[m.Groups["verb"].Index..]))
                {
                    return (s, m.Groups["what"].Success ? m.Groups["what"].Index : m.Index, "en");
                }
            }
        }

        if (!FrenchNegation().IsMatch(s) && !FrenchConditionOrInstruction().IsMatch(s))
        {
            var m = FrenchCommitment().Match(s);
            if (m.Success && !FrenchNotACommitment().IsMatch(m.Groups["verb"].Value)
                && (!m.Groups["present"].Success || (DueWords().IsMatch(s) && !ReminderThat().IsMatch(s))))
            {
                return (s, m.Groups["what"].Success ? m.Groups["what"].Index : m.Index, "fr");
            }
        }

        return null;
    }

    /// <summary>The undertaking in the sentence's own words, from the verb (or the subject) on, without the due time.</summary>
    private static string What(string sentence, int from, DueTimeParser.Due? due)
    {
        var text = sentence;
        if (due is { } d && d.Start >= from)
        {
            text = sentence[..d.Start] + " " + sentence[(d.Start + d.Length)..];
        }

        var what = text[from..];
        what = Whitespace().Replace(what, " ");
        return TrailingFiller().Replace(what, "").Trim();
    }

    private const string Modal = @"(?:'ll|\s+will|\s+shall|(?:\s+am|'m|\s+are|'re|\s+is|'s)\s+going\s+to)";

    private const string Adverbs = @"(?:(?:also|then|now|personally|definitely|certainly|immediately|just|happily|gladly|first|still|make\s+sure\s+to)\s+)*";

    private const string Staff = @"(?:colleagues?|engineers?|technicians?|specialists?|advis[eo]rs?|agents?|managers?|supervisors?|team|department|couriers?|drivers?|service|desk|staff|handlers?)";

    private const string OrgSubject = @"(?:our\s+(?:[\w-]+\s+){0,2}?" + Staff + @"|my\s+(?:[\w-]+\s+)?" + Staff + @"|(?:a|an|one\s+of\s+(?:our|my))\s+(?:[\w-]+\s+)?" + Staff
        + @"|a\s+member\s+of\s+(?:our|the|my)\s+(?:[\w-]+\s+)?team|someone\s+from\s+(?:our|the)\s+(?:[\w-]+\s+)?team)(?:\s+(?:in|from)\s+(?:the|our)\s+(?:[\w-]+\s+)?team)?";

    [GeneratedRegex(@"\b(?:(?:I|we)" + Modal + @"|" + OrgSubject + Modal + @")\s+(?<neg>not\s+|never\s+)?" + Adverbs + @"(?<what>(?<verb>[a-z]+)\b)"
        + @"|\bI\s+(?:promise|guarantee|undertake)\s+(?:to\s+|that\s+|you\s+)?(?<what>(?<verb>[a-z']+))"
        + @"|(?<what>\byou(?:'ll|\s+will)\s+(?:definitely\s+|also\s+)?(?<verb>hear|receive|get|have)\b(?!\s+to\b))"
        + @"|(?<what>\byou(?:'ll|\s+will)\s+be\s+(?<verb>contacted|called|phoned|refunded|reimbursed|compensated|credited|sent|emailed|rebooked|upgraded|notified|updated)\b)"
        + @"|(?<what>\b(?:your|the)\s+(?:[\w-]+\s+){0,3}?(?:will|is\s+going\s+to)\s+be\s+(?:\w+ly\s+)?(?<verb>sent|processed|refunded|credited|issued|dispatched|posted|emailed|arranged|reviewed|escalated|replaced|repaired|collected|fixed|resolved|delivered|booked|rebooked|reimbursed|applied|added|reinstated|upgraded|confirmed|investigated|paid|back\s+(?:on|in)\s+your)\b)"
        + @"|^(?<what>expect\s+(?<verb>(?:a|an|to|our|my|your)\b))", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishCommitment();

    // What follows a future that does not undertake anything: needs, obligations, hedges, states ("we'll be closed").
    [GeneratedRegex(@"^(?:need|needs|require|try|attempt|probably|possibly|hopefully|maybe|perhaps|have\s+to|has\s+to|be\s+(?:closed|open|unable|away|off|out|on\s+leave|happy|glad|delighted|pleased|sorry|ready|valid|served|charged|delayed|cancelled))\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotACommitment();

    [GeneratedRegex(@"\b(?:if|unless|once|when|whenever|as\s+soon\s+as|should|provided(?:\s+that)?|in\s+case)\s+you(?:'d|'re|'ve)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ConditionOnCustomer();

    [GeneratedRegex(@"^(?:please|kindly)\b|\byou(?:'ll|\s+will)\s+(?:need|have)\s+to\b|\byou\s+(?:must|should|need\s+to|have\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionToCustomer();

    private const string FrenchObject = @"(?:(?:vous|l'|le|la|les|lui|en|y)\s*)*";

    [GeneratedRegex(@"\b(?:je\s+|j'|nous\s+)" + FrenchObject + @"(?<what>(?<verb>\w+(?:rai|rons))\b)"
        + @"|\b(?:je\s+vais|nous\s+allons)\s+" + FrenchObject + @"(?<what>(?<verb>\w+))"
        + @"|\bje\s+m'engage\s+à\s+(?<what>(?<verb>\w+))"
        + @"|\b(?:notre|nos|un|une)\s+(?:\w+\s+){1,2}?" + FrenchObject + @"(?<verb>\w+(?:ra|ront))\b"
        + @"|(?<what>\bvous\s+(?<verb>recevrez|aurez\s+(?:des\s+nouvelles|une\s+réponse|votre|vos|un|une)|serez\s+(?:rembours|contact|rappel|inform|crédit)\w*))"
        + @"|\b(?:je|nous)\s+" + FrenchObject + @"(?<what>(?<present>(?<verb>rappelle|rappelons|recontacte|recontactons|envoie|envoyons|confirme|confirmons|transmets|transmettons|rembourse|remboursons|reviens|revenons|contacte|contactons|appelle|appelons|expédie|expédions|réserve|réservons)))\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchCommitment();

    [GeneratedRegex(@"^(?:serai|serons|sera|seront|aurai|aurons|aura|auront|pourrai|pourrons|pourra|pourront|devrai|devrons|devra|devront|voudrai|voudrons|ai|avons)$", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchNotACommitment();

    [GeneratedRegex(@"(?:\bne\s|\bn')", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchNegation();

    [GeneratedRegex(@"\b(?:si|lorsque|quand|dès\s+que|une\s+fois\s+que)\s+vous\b|^(?:merci\s+de|veuillez)\b|\bvous\s+(?:devez|devrez|devriez)\b|\bil\s+vous\s+faudra\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchConditionOrInstruction();

    [GeneratedRegex(@"\b(?:aujourd'hui|demain|ce\s+soir|cet\s+après-midi|dans\s+la\s+journée|d'ici|avant|sous|dans\s+\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|\d{1,2}\s*h)", RegexOptions.IgnoreCase)]
    private static partial Regex DueWords();

    [GeneratedRegex(@"\brappel\w*\s+qu", RegexOptions.IgnoreCase)]
    private static partial Regex ReminderThat();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:\s+(?:by|before|within|in|on|at|until|d'ici|avant|sous|dans|le))*\s*[.!…,;:]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFiller();
}
