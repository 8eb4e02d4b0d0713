using System.Buffers;
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
            var sentence = Apostrophes().Replace(raw, "'");
            foreach (var promise in Find(sentence))
            {
                var due = DueOf(sentence, promise, context);
                found.Add(new PromiseCandidate(raw, start, What(sentence, promise, due), due?.At, due?.Text, promise.Language, promise.Condition));
            }
        }

        return found;
    }

    /// <summary>One undertaking: where its clause runs in the sentence, where what is promised starts, and any condition on the customer.</summary>
    private readonly record struct Undertaking(int From, int To, int WhatFrom, string Language, string? Condition);

    private static List<Undertaking> Find(string sentence)
    {
        var s = sentence.TrimEnd();
        if (s.Trim().Length == 0 || s.EndsWith('?'))
        {
            return [];
        }

        if (s.AsSpan().IndexOfAny(CommitmentWords) >= 0)
        {
            var condition = ConditionOnCustomer().Match(s);
            var instruction = InstructionToCustomer().Match(s);
            var clauses = new List<(int From, int WhatFrom)>();
            foreach (var m in EnglishCommitment.Matches(s))
            {
                if (!m.Groups["neg"].Success && !NotACommitment().IsMatch(s[m.Groups["verb"].Index..])
                    && (!m.Groups["bare"].Success || ClauseStart().IsMatch(s.AsSpan(0, m.Groups["bare"].Index)))
                    && (!m.Groups["and"].Success || LeadSubject().IsMatch(s[..m.Index]))
                    && (!m.Groups["progressive"].Success || !Purpose().IsMatch(s[(m.Groups["verb"].Index + m.Groups["verb"].Length)..]))
                    && (!m.Groups["progressive"].Success || !Regret().IsMatch(s.AsSpan(0, m.Index)))
                    && (!m.Groups["passive"].Success || (!RecordsPolicy().IsMatch(m.Value) && !Routine().IsMatch(s[(m.Index + m.Length)..])))
                    && !ReportedPolicy().IsMatch(s[..m.Index]))
                {
                    clauses.Add((m.Index, m.Groups["what"].Success ? m.Groups["what"].Index : m.Index));
                }
            }

            // "Please send us the receipt and we'll refund you today": what the customer must do first is the condition;
            // an instruction after the undertaking, or on its own, is not an undertaking.
            if (clauses.Count > 0 && instruction.Success && instruction.Index > clauses[0].From)
            {
                clauses.RemoveAll(c => c.From > instruction.Index);
            }

            if (clauses.Count > 0)
            {
                var cond = condition.Success ? condition : instruction.Success ? instruction : null;
                return Undertakings(s, clauses, cond is not null ? ConditionText(s, cond, clauses[0].From) : null);
            }
        }

        if (!FrenchNegation().IsMatch(s) && !FrenchConditionOrInstruction().IsMatch(s))
        {
            var m = FrenchCommitment().Match(s);
            if (m.Success && !FrenchNotACommitment().IsMatch(m.Groups["verb"].Value)
                && (!m.Groups["present"].Success || (DueWords().IsMatch(s) && !ReminderThat().IsMatch(s))))
            {
                return [new Undertaking(m.Index, s.Length, m.Groups["what"].Success ? m.Groups["what"].Index : m.Index, "fr", null)];
            }
        }

        return [];
    }

    /// <summary>
    /// Each commitment runs until the next one starts. A commitment with no time of its own that leads into the
    /// speaker's next ("let me check with the hotel and I'll call you back by 5") is one undertaking with it, not two;
    /// one that hands over to someone else ("Housekeeping will bring a fan now and maintenance will fix it tomorrow") is two.
    /// </summary>
    private static List<Undertaking> Undertakings(string s, List<(int From, int WhatFrom)> clauses, string? condition)
    {
        var result = new List<Undertaking>();
        var (from, whatFrom) = clauses[0];
        for (var i = 0; i < clauses.Count; i++)
        {
            var to = i + 1 < clauses.Count ? clauses[i + 1].From : s.Length;
            if (i + 1 < clauses.Count && !DueTimeParser.Mentions(s[from..to]) && SpeakerLeads().IsMatch(s.AsSpan(clauses[i + 1].From)))
            {
                continue;
            }

            result.Add(new Undertaking(from, to, whatFrom, "en", condition));
            if (i + 1 < clauses.Count)
            {
                (from, whatFrom) = clauses[i + 1];
            }
        }

        return result;
    }

    /// <summary>"Once you've returned it": from the condition word to the comma or the commitment that follows it.</summary>
    private static string ConditionText(string s, Match condition, int commitment)
    {
        var end = condition.Index < commitment ? commitment : s.Length;
        var comma = s.IndexOf(',', condition.Index, end - condition.Index);
        return s[condition.Index..(comma >= 0 ? comma : end)].Trim().TrimEnd('.', '!', ';');
    }

    /// <summary>
    /// The due time of an undertaking is read in its own clause; only a short lead-in before the first one ("Tomorrow
    /// morning, I'll…") lends it a time, never a condition on the customer or another clause (the booking's "for 8pm").
    /// </summary>
    private static DueTimeParser.Due? DueOf(string sentence, Undertaking u, PromiseContext context)
    {
        if (u.Language == "fr")
        {
            return DueTimeParser.Parse(sentence, context);
        }

        return DueTimeParser.Parse(sentence, u.From, u.To, context) is { } own ? own
            : u.From > 0 && ShortLeadIn().IsMatch(sentence[..u.From]) && !ConditionOnCustomer().IsMatch(sentence[..u.From])
                ? DueTimeParser.Parse(sentence, 0, u.From, context)
                : null;
    }

    /// <summary>The undertaking in its clause's own words, from the verb (or the subject) on, without the due time.</summary>
    private static string What(string sentence, Undertaking u, DueTimeParser.Due? due)
    {
        var text = sentence[..u.To];
        if (due is { } d && d.Start >= u.WhatFrom && d.Start + d.Length <= u.To)
        {
            text = sentence[..d.Start] + " " + sentence[(d.Start + d.Length)..u.To];
        }

        var what = text[u.WhatFrom..];
        what = Whitespace().Replace(what, " ");
        return TrailingFiller().Replace(what, "").Trim();
    }

    // Every English commitment contains one of these (a progressive, "ing "); sentences without skip the patterns below.
    private static readonly SearchValues<string> CommitmentWords = SearchValues.Create(
        ["ill", "i ll", "wil", "wll", "'l", "shall", "going to", "about to", "let me", "promise", "guarantee", "undertake", "expect", "ing "], StringComparison.OrdinalIgnoreCase);

    // "Ill call you", "Housekeeping will…": a bare subject only where a clause starts (the sentence's start, after a
    // comma or colon, or after "and/so/then/but"), so "I was ill" and "the reception will be…" are not read as one.
    [GeneratedRegex(@"(?:^\W*|[,;:]\s*|\b(?:and|so|then|but)\s+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseStart();

    // Typos agents make under pressure are read as meant: "I'l", "we'l", "wil".
    private const string Modal = @"(?:'l{1,2}\b|\s+(?:wil+|wll)\b|\s+shall|(?:\s+am|'m|\s+are|'re|\s+is|'s)\s+(?:just\s+)?(?:going|about)\s+to)";

    private const string Adverbs = @"(?:(?:also|then|now|personally|definitely|certainly|immediately|just|happily|gladly|first|still|currently|already|right\s+now|make\s+sure\s+to)\s+)*";


    // Roles and departments of the organisation itself; couriers, drivers and agents only with "our/my/a".
    private const string OwnStaff = @"(?:colleagues?|engineers?|technicians?|specialists?|advis[eo]rs?|managers?|supervisors?|team|department|desk|staff|concierges?|receptionists?|reception|hosts?|hostess|porters?|chefs?|housekeep(?:ing|ers?)|kitchen|maintenance|reps?|representatives?|consultants?|coordinators?|planners?|officers?|assistants?|attendants?|(?:wo)?m[ae]n|butlers?|valets?|sommeliers?|stewards?|stewardess|pursers?|bell\s*(?:boys?|desk)|(?:tour\s+)?(?:leaders?|guides?)|installers?|fitters?|crew|office|branch|store|shop|warehouse|guest\s+relations|customer\s+(?:services?|care|relations)|accounts|billing|finance|dispatch|claims|support|helpdesk|security|operations)";

    private const string Staff = @"(?:" + OwnStaff + @"|couriers?|drivers?|agents?|service|handlers?)";

    private const string Department = @"(?:housekeeping|reception|concierge|reservations|bookings|returns|logistics|events|front\s+of\s+house|customer\s+(?:services?|care|relations|experience)|guest\s+(?:relations|services)|billing|accounts|finance|maintenance|security|dispatch|support|room\s+service|front\s+desk|head\s+office)";

    private const string OrgSubject = @"(?:our\s+(?:[\w-]+\s+){0,2}?" + Staff + @"|my\s+(?:[\w-]+\s+)?" + Staff + @"|(?:a|an|one\s+of\s+(?:our|my))\s+(?:[\w-]+\s+)?" + Staff
        + @"|the\s+(?:[\w-]+\s+){0,2}?" + OwnStaff + @"|\b(?<bare>" + Department + @")"
        + @"|a\s+member\s+of\s+(?:(?:our|the|my)\s+)?(?:[\w-]+\s+)?(?:team|staff)|\b(?:someone|somebody)(?=\s+(?:will|is\s+going))|(?:someone|(?-i:[A-Z][a-z]+))\s+(?:from|in|at)\s+(?:our|the)\s+(?:[\w-]+\s+){0,2}?" + Staff + @")"
        + @"(?:,?\s+(?-i:[A-Z][a-z]+),?)?(?:\s+(?:in|from)\s+(?:the|our)\s+(?:[\w-]+\s+)?team|\s+(?:in|at|from)\s+(?:the\s+)?(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?)?";

    // What an agent is doing for the customer right now ("I'm arranging a taxi", "we're sending a replacement").
    private const string Doing = @"arranging|sending|booking|rebooking|refunding|reimbursing|crediting|issuing|processing|posting|dispatching|shipping|couriering|e-?mailing|texting|calling|ringing|phoning|upgrading|moving|transferring|escalating|raising|chasing|organi[sz]ing|preparing|ordering|replacing|repairing|fixing|sorting|forwarding|passing|adding|applying|waiving|cancelling|reserving|holding|setting\s+aside|bringing|delivering|collecting|reinstating|amending|correcting|getting\s+(?:you|your|this|that|it|the)";

    // Done to the customer's booking, money or goods by us ("your refund will be processed", "a voucher will be emailed").
    private const string Done = @"sent|processed|refunded|credited|issued|dispatched|posted|emailed|e-mailed|arranged|reviewed|escalated|replaced|repaired|collected|fixed|resolved|delivered|booked|rebooked|reimbursed|applied|added|reinstated|upgraded|confirmed|investigated|paid|returned|exchanged|held|reserved|set\s+aside|sorted(?:\s+out)?|assigned|prepared|couriered|transferred|forwarded|passed\s+on|waived|corrected|amended|updated|cleaned|serviced|organi[sz]ed|honou?red|matched|shipped|picked\s+up|moved|raised|cancelled\s+and\s+refunded";

    private const string BeingDone = @"sent|processed|refunded|credited|issued|dispatched|posted|emailed|arranged|escalated|replaced|repaired|fixed|delivered|booked|rebooked|upgraded|prepared|couriered|transferred|shipped|reviewed|investigated|organi[sz]ed|sorted|cleaned|collected";

    private const string Future = @"\s+(?<neg>not\s+|never\s+)?" + Adverbs + @"(?<what>(?<verb>[a-z]+)\b)";

    internal const string EnglishCommitmentPattern = @"\b(?:I|we|" + OrgSubject + @")(?:" + Modal + Future
        + @"|(?:(?<=\bI)m|'m|\s+am|'re|\s+are|\s+is|'s)\s+" + Adverbs + @"(?<what>(?<progressive>(?<verb>" + Doing + @")))\b)"
        + @"|\b(?<bare>ill|i\s+ll)(?=\s)" + Future
        + @"|(?<what>(?<passive>\b(?:and|but|then)\s+(?:wil+|shall)\s+be\s+(?:\w+ly\s+)?(?<verb>" + Done + @")))\b"
        + @"|(?<and>\b(?:and|but|then)\s+)(?:wil+|shall)\b" + Future
        + @"|\blet\s+me\s+(?:just\s+)?(?<what>(?<verb>get|come|call|ring|phone|email|e-mail|text|message|send|chase|follow|arrange|book|refund|escalate|sort|organi[sz]e|raise)\b|(?<verb>check|confirm|look|find|see|ask|speak|talk|investigate)\b(?=[^.;:]*?\band\s+\w))"
        + @"|\b(?:I\s+(?:promise|guarantee|undertake)|you\s+have\s+my\s+(?:word|promise))\s+(?:to\s+|that\s+|you\s+)?(?<what>(?<verb>[a-z']+))"
        + @"|(?<what>\byou(?:'ll|\s+will)\s+(?:definitely\s+|also\s+)?(?<verb>hear|receive|get|have)\b(?!\s+to\b|\s+back\b|\s+in\s+touch\b|\s+this\s+(?:e-?mail|message|letter|text)\b))"
        + @"|(?<what>\byou(?:'ll|\s+will)\s+be\s+(?<verb>contacted|called|phoned|refunded|reimbursed|compensated|credited|sent|emailed|rebooked|upgraded|notified|updated)\b)"
        + @"|(?<what>(?<passive>\b(?=(?:your|the|an?|this|these|those|my|it|that)\b)(?<!\b(?:sure|ensure|that|confirm|promise|guarantee)\s+)(?:(?:your|the|a|an|this|these|those|my)\s+(?:(?:[£€$]\s?)?\d[\d,.]*%?\s+|(?!(?:and|but|or|so|then|it|we|I|you|they|because|if|when|once|while)\b)[\w'-]+\s+){0,6}?|(?:it|this|that)\s*)"
        + @"(?:(?:will|is\s+going\s+to|'ll)\s+(?:(?<verb>reach)\s+(?:you|your)\b|(?<verb>go)\s+through\b)|(?:will|is\s+going\s+to|'ll)\s+be\s+(?!fully\s+booked|booked\s+up)(?:\w+ly\s+)?(?<verb>" + Done + @"|ready(?=\s+(?:for\s+you\s+)?(?:by|before|in|within|today|tomorrow|tonight|this|first)\b)|(?:back\s+)?(?:on|in|with)\s+(?:your|you)\b)"
        + @"|(?:is|are)\s+(?:now\s+|currently\s+|already\s+)?being\s+(?:\w+ly\s+)?(?<verb>" + BeingDone + @"))))\b"
        + @"|^(?<what>expect\s+(?<verb>(?:a|an|to|our|my|your)\b))";

    private static readonly Alternation EnglishCommitment = new(EnglishCommitmentPattern, RegexOptions.IgnoreCase);

    // What follows a future that does not undertake anything: needs, obligations, hedges, habits ("we'll usually"),
    // states ("we'll be closed", "our shop will close at 5"), and "ill health" read through the "Ill" typo.
    [GeneratedRegex(@"^(?:need|needs|require|try|attempt|aim|hope|probably|possibly|hopefully|maybe|perhaps|usually|normally|generally|typically|always|often|sometimes|have\s+to|has\s+to|increase|rise|expire|remain|health|feeling|effects?|advised"
        + @"|be\s+(?:on\s+(?:duty|shift|call)|working\s+(?:from|until|till|on)|in\s+charge|able|closed|open|unable|away|off|out|on\s+leave|on\s+holiday|happy|glad|delighted|pleased|sorry|ready|valid|served|charged|delayed|cancelled|available|unavailable|staffed|down|fully|busy|full|shut|offline))\b"
        + @"|^(?:close|open|reopen|shut)(?:\s+(?:at|on|from|until|till|for|early|late|over|during)\b|\s*[.,;!]|\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex NotACommitment();

    [GeneratedRegex(@"\b(?:if|unless|once|when|whenever|as\s+soon\s+as|should|provided(?:\s+that)?|in\s+case)\s+you(?:'d|'re|'ve)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ConditionOnCustomer();

    [GeneratedRegex(@"^(?:please|kindly)\b|\byou(?:'ll|\s+will)\s+(?:need|have)\s+to\b|\byou\s+(?:must|should|need\s+to|have\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionToCustomer();

    // "and will call you" needs a first-person or organisational subject at the start of the sentence.
    [GeneratedRegex(@"^\W*(?:(?:so|ok|okay|right|thanks|sorry|well|also|now|great|sure)\W+)*(?:I|we|Ive|Im|" + OrgSubject + @")(?:'\w+)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex LeadSubject();

    // "Our policy is that we will…", "the terms say we'll…": a rule quoted, not an undertaking.
    [GeneratedRegex(@"\b(?:policy|policies|terms|conditions|rules|guidelines)\b[^.]*?\b(?:is|are|state[sd]?|say|says|said|mean|means|explains?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReportedPolicy();

    // "Tomorrow morning, I'll…": at most four words before the first commitment.
    [GeneratedRegex(@"^\W*(?:[\w'-]+[\s,]+){0,3}[\w'-]*[\s,]*$")]
    private static partial Regex ShortLeadIn();

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

    [GeneratedRegex(@"[‘ʼ`´]")]
    private static partial Regex Apostrophes();

    // "I'm writing to apologise", "we're calling to let you know", "I'm sending this email because…": what the message
    // itself is doing, not an undertaking.
    // "I'm writing to apologise", "we're calling to let you know", "I'm sending this email because…", "we're processing a
    // high number of refunds": what the message itself or the business in general is doing, not an undertaking.
    [GeneratedRegex(@"^\s+(?:(?:you|us)\s+)?(?:to|about|regarding|because|as|in\s+(?:relation|response)|on\s+behalf|this\s+(?:e-?mail|message|letter|note|reply|text)|these|(?:a\s+)?(?:high|large|huge|record|growing)\s+(?:number|volume)s?|lots|many|so\s+many|a\s+lot|more|fewer|hundreds|thousands)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Purpose();

    // "I'm sorry we're sending you so many emails": regretting what is happening is not undertaking it.
    [GeneratedRegex(@"\b(?:sorry|apologi[sz]e|shame|pity|afraid|unfortunately)\s+(?:that\s+)?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Regret();

    // "The room will be cleaned daily", "the price will be confirmed at the time of booking": how things are always done.
    [GeneratedRegex(@"^\s*(?:daily|weekly|nightly|hourly|monthly|every|each|always|usually|normally|automatically|routinely|regularly|as\s+standard|on\s+request|at\s+the\s+time\s+of|in\s+(?:line|accordance)\s+with|according\s+to|subject\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Routine();

    // "Your details will be held securely…": what data protection says about records, a policy and not an undertaking.
    [GeneratedRegex(@"\b(?:details|data|information|records|cookies|calls|conversations|personal)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RecordsPolicy();

    // The clause after a time-less one is the same speaker's next step ("… and I'll call you back by 5", "… and you'll hear
    // from us by Friday") or the same thing going on ("we're processing your refund and it will reach you…").
    [GeneratedRegex(@"^(?:(?:and|but|then|so)\s+)?(?:I\b|I'|we\b|we'|ill\b|i\s+ll\b|let\s+me\b|(?:wil+|shall)\b|(?:it|this|they)\b|you(?:'ll|\s+will)\s+(?:hear|receive|get|have)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex SpeakerLeads();

    [GeneratedRegex(@"(?:\s+(?:by|before|within|in|on|at|until|and|but|then|so|d'ici|avant|sous|dans|le|et))*\s*[.!…,;:]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFiller();
}
