namespace Rapport.Features.Coach;

/// <summary>
/// The words, phrases and patterns <see cref="InboundSentiment"/> looks for, each with a weight and the kind of upset it
/// shows. A pattern is words separated by spaces (folded as <see cref="SentimentTokens"/> folds them); "a|b" is either
/// word, a trailing "?" makes a word optional, and a class stands for a set of words: #num (a number: "3", "an",
/// "three", "trois"), #many (two or more), #ord (third or later: "3rd", "umpteenth", "troisième"), #unit (minutes to
/// months), #det ("my", "the", "a", "mon"…), #contact (asking, chasing, writing, calling…), #money ("£80", "80 euros").
/// Plain words (no kind) are turned round by a negation before them and strengthened by an intensifier; the patterns
/// with a kind are read as they stand. Conditional kinds (sarcasm markers, time pressure) only count next to another
/// negative cue: "tomorrow" alone is calm, "tomorrow" with "no tickets" is not.
/// </summary>
public static class SentimentLexicon
{
    public const string Sarcasm = "sarcasm";
    public const string IronicMarker = "sarcasm, next to a complaint";
    public const string TimePressure = "time pressure";

    public sealed record Entry(string[][] Pattern, bool[] Optional, double Weight, string? Kind)
    {
        public bool Conditional => Kind is IronicMarker or TimePressure;
    }

    private static readonly (double Weight, string? Kind, string Patterns)[] Source =
    [
        // Strong plain words and phrases (−2), English then French.
        (-2, null, "unacceptable|unacceptible|disgusted|disgusting|disgrace|disgraceful|appalling|appalled|outraged|outrageous|furious|livid|ridiculous|rediculous|ridiculus|shocking|shocked|horrendous|horrible|terrible|awful|worst|useless|incompetent|scandal|scandalous|scam|wtf|ffs"),
        (-2, null, "been|was|were|got charged|debited twice; rip off; ripoff; fed up; sick and tired; sick of; let down; never again; not good enough; had enough; nothing but problems|trouble|hassle; waste of my|our? time|money"),
        (-2, null, "want|demand my money back; want a refund; want to complain; want compensation; make|making a complaint; formal complaint; charged|debited twice; double charged; overcharged; a joke; this is a joke"),
        (-2, null, "inadmissible|scandaleux|scandaleuse|honteux|honteuse|honte|furieux|furieuse|lamentable|nul|nulle|inacceptable|arnaque|deplorable|catastrophique; ras le bol; en colere; toujours pas|rien; debite|preleve deux fois"),
        (-2, null, "still waiting|waitin|not|no|nothing|none|havent|hasnt|hadnt|dont|didnt|doesnt|cant|isnt|arent|wasnt|werent|wont|unresolved|broken"),

        // Mild plain words and phrases (−1).
        (-1, null, "disappoint|disappointed|disappointing|disappointment|dissapointed|disapointed|upset|unhappy|annoyed|annoying|frustrated|frustrating|frustration|angry|poor|rude|dirty|filthy|broken|damaged|faulty|missing|lost|lose|late|delay|delayed|cancelled|canceled|wrong|complain|complaint|problem|problems|issue|issues|missed|crashed|freezing|cold|mould|mouldy|leak|leaks|leaking|exhausted|forgotten|forgot|refused|nowhere|mess|nightmare|unfortunately|ignored|nobody|noone|no1|nobdy|refund|chasing|chase|chased"),
        (-1, null, "decu|decue|decus|decues|deception|mecontent|mecontente|enerve|enervee|retard|casse|cassee|abime|abimee|sale|impoli|probleme|plainte|perdu|perdue|manquant|relance|relances"),
        (-1, null, "stopped working; wont turn on|work|start|charge|open; couldnt use; had to pay; supposed to; what is the point; never told|informed|warned; doesnt work; not working; on hold; no one|reply|response|answer|news|update|callback|confirmation"),
        (-1, null, "never arrived|came|received|turned|got|showed|answered|replied|rang|called; hasnt arrived; havent received|heard; didnt arrive|work|receive|stop|call|ring|reply|come|help"),

        // Worry and anxiety.
        (-1.5, null, "worried|worrying|worries|anxious|nervous|panicking|panic|scared|stressed|stressful|desperate|stranded|inquiet|inquiete|angoisse|angoissee|stresse|stressee|panique"),
        (-1, null, "concerned|urgent|urgently|stuck"),
        (-2, "worry", "losing sleep; dont know what to do; not sure what to do; what do i do; what am i supposed to do"),
        (-1, "worry", "please help; help me please; need it by; in time for"),
        (-0.5, TimePressure, "tomorrow|tmrw|tmr|tmw|2moro|2morrow|tomoz|tonight|today|demain|aujourdhui; ce soir; in #num #unit; this evening|afternoon"),

        // Repeated contact.
        (-2, "asked before", "#ord time|times|fois; for the #ord time; how many times; #many times; umpteenth; plusieurs fois; again and again"),
        (-1.5, "asked before", "#contact again; yet again; once again; encore une fois; already #contact; #contact #det? #any? already; every time i|we; keep being|getting told; as i said|mentioned|explained; as per my last|previous; my last #many; #ord email|emails|message|messages|call|calls|letter|mail|mails|chaser|delivery|replacement|attempt|voucher"),
        (-1.5, "asked before", "#many emails|calls|messages|letters|mails|chasers|different; #many fois"),
        (-1, "asked before", "second|2nd|deuxieme time|fois|email|message|call|delivery|replacement; another #unit|reply|email|delay|excuse|automated|voucher; encore une #unit; each time"),

        // Waiting, and promises broken.
        (-1.5, "waiting", "waited|waiting|waitin|wating for? over? #num #unit; on hold for? over? #num #unit; #num #unit on hold; #num #unit waiting|waitin|waited; j attends depuis"),
        (-1, "waiting", "j attends; ca fait #num #unit; depuis #num #unit; its been #num; it has been #num; #num #unit late; that was last; that was #num #unit ago; its now; at some point"),
        (-1, "broken promise", "i|we? was|were|been promised|told; on m a dit|promis; on m avait dit|promis; said you|someone|they|he|she would; said it would; like|as you said; like u said; as promised; was meant to; m avait promis"),

        // Plain facts of a failure.
        (-1.5, "what went wrong", "but you|youve have? given|sent|put|charged|booked|moved; without being asked|told|consulted|informed|warned; nothing like; never opened|used|ordered|stayed|had|took|asked|booked|agreed|authorised|authorized|signed; didnt order|use|book|ask|agree|authorise|authorize|stay|take|sign; did not order|use|book|ask|agree|authorise|authorize|stay|take|sign"),
        (-1.5, "what went wrong", "didnt show|turn up; no show; never showed up; rang out; went dead; round in circles; given away; gave away; personne ne|n; jamais recu|recus|recue; rien recu; heard nothing; nothing back; injoignable"),
        (-1.5, "what went wrong", "without #det? refund|reply|answer|explanation|tickets|ticket|confirmation; sans #det? remboursement|reponse|nouvelles|billets; aucune nouvelle|reponse; pas de reponse|nouvelles|billets"),
        (-1, "what went wrong", "and|but got; and|but was|were given; says|said|shows delivered|dispatched|refunded|confirmed but; cut off; drove past|off; no sign of; for nothing; pour rien; doesnt exist; cant find; instead of; isnt|wasnt there|showing; there is|was|were no|nothing; has|had no booking|record; no booking|record; not even; not cleaned|changed|fixed|done|replaced|refunded|delivered|ready|confirmed; hasnt|havent been; been|was|were charged; charged me|us; from my account|card; paid extra; for the price; where is my; but nobody|noone|no one; but you|youve; managed to lose|break; something different; different answer"),
        (-0.5, "what went wrong", "paid for; paying for; all week|night|day; every single; was closed; why"),

        // Politeness over upset.
        (-2, "polite but upset", "expected better"),
        (-1.5, "polite but upset", "with respect; with all due respect; dont want to make|cause a? fuss|trouble; do not want to make|cause a? fuss|trouble; dont want to complain|moan; dont want to be difficult; not one to complain|moan; hate to complain|moan|be|say; dont like to complain; would have expected; i appreciate that? things go wrong; i appreciate that? things can go wrong; not what i|we booked|ordered|paid|expected|asked"),
        (-1, "polite but upset", "sorry to be a pain|nuisance; im sure you are very? busy; im sure youre very? busy; im sure its an oversight; actually reply|read|answer|respond|call|help|listen|do|look; this time; kindly explain; explain why"),
        (-0.5, "polite but upset", "i must say; finally"),

        // Threats: the bank, a review, the regulator, leaving.
        (-2, "threat", "chargeback; charge back; take|taking my|our business|custom elsewhere; lost a customer; trading standards; ombudsman; solicitor; lawyer; legal action; small claims; opposition; porter|porterai plainte; avocat; take it|this further; never use|book|shop|stay|order with|at? you|here? again; wont be booking|using|shopping|ordering|staying with|at you|here"),
        (-1.5, "threat", "dispute|disputing|disputed; bad|negative|honest|terrible review; avis negatif; so others know; warn others|everyone; telling everyone; prevenir les autres; go|going elsewhere; ready to cancel|leave; reporting this|you; report you; last chance; litige; reverse the payment"),
        (-1, "threat", "leave|leaving|write|writing|post|posting|put|putting #det? review|reviews; laisser un avis; tripadvisor|trustpilot|facebook|twitter|instagram|tiktok; social media; my bank; close my account; or else; abta"),

        // Sarcasm markers: only next to another negative cue.
        (-2, Sarcasm, "so much for; yeah right|great|brilliant; thanks|cheers|merci for|pour nothing|rien"),
        (-1.5, IronicMarker, "love how|that; love the way; just perfect|great|brilliant|wonderful|fantastic|lovely"),

        // Positive (+1).
        (1, null, "thanks|thank|thx|great|lovely|happy|pleased|perfect|wonderful|excellent|brilliant|delighted|appreciate|appreciated|amazing|fantastic|helpful|kind|good|impressed|merci|parfait|ravi|ravie|content|contente|super|genial; well done"),

        // Calm phrases read as they stand, so their words are not counted ("no worries", "arriving late").
        (0, null, "no problem|problems|worries|rush|hurry|complaints|issues; not a problem; pas de souci|probleme; arriving|arrive late; late checkout|check|checkin|arrival|reply; en #num fois; sorry to bother|trouble; nothing wrong; cant|couldnt|cannot fault; id|would appreciate it if; would be grateful if; grateful if"),
    ];

    private static readonly Dictionary<string, string[]> Classes = new()
    {
        ["#num"] = ["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "several", "few", "couple", "multiple", "many", "un", "une", "deux", "trois", "quatre", "cinq", "sept", "huit", "dix", "quinze", "plusieurs", "over"],
        ["#many"] = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "multiple", "many", "deux", "trois", "quatre", "cinq", "plusieurs"],
        ["#ord"] = ["third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "umpteenth", "nth", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "troisieme", "quatrieme", "cinquieme", "3e", "3eme", "4e", "4eme", "5e", "5eme"],
        ["#unit"] = ["minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "wk", "wks", "month", "months", "night", "nights", "jour", "jours", "semaine", "semaines", "heure", "heures", "mois", "nuits"],
        ["#det"] = ["my", "our", "the", "a", "an", "any", "your", "mon", "ma", "mes", "notre", "nos", "le", "la", "les", "un", "une", "de", "du", "des", "d"],
        ["#contact"] = ["asking", "ask", "asked", "writing", "write", "written", "wrote", "chasing", "chase", "chased", "emailing", "emailed", "calling", "called", "ringing", "rang", "phoning", "phoned", "contacting", "contacted", "messaging", "messaged", "explaining", "explained", "told", "sent", "raising", "raised", "complaining", "complained", "happened", "happening", "broken", "wrong", "late", "leaking", "missing"],
    };

    private static readonly Dictionary<string, HashSet<string>> ClassSets = Classes.ToDictionary(c => c.Key, c => c.Value.ToHashSet());

    /// <summary>Entries by the words their pattern can start with (a class name for a class).</summary>
    private static readonly Dictionary<string, List<Entry>> ByFirstWord = Build();

    public static readonly HashSet<string> Negations =
        ["not", "no", "never", "hardly", "without", "nor", "nothing", "pas", "jamais", "ni", "plus", "dont", "doesnt", "didnt", "cant", "cannot", "couldnt", "wont", "wouldnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "shouldnt", "aint", "dnt", "cnt"];

    public static readonly HashSet<string> Intensifiers =
        ["very", "so", "really", "extremely", "totally", "absolutely", "completely", "utterly", "incredibly", "deeply", "tres", "vraiment", "totalement", "extremement"];

    /// <summary>Interjections that make the positive word after them sarcastic next to a complaint ("oh brilliant").</summary>
    public static readonly HashSet<string> Ironic = ["oh", "yeah", "ah", "wow"];

    /// <summary>The longest entry matching at token <paramref name="at"/> (within one sentence), and the tokens it spans.</summary>
    public static (Entry? Entry, int Length) LongestAt(List<SentimentToken> tokens, int at)
    {
        Entry? best = null;
        var bestLength = 0;
        var word = tokens[at].Word;
        Consider(word);
        foreach (var (name, set) in ClassSets)
        {
            if (set.Contains(word) || (name is "#num" or "#many" && IsNumber(word, name == "#many" ? 2 : 1)))
            {
                Consider(name);
            }
        }

        return (best, bestLength);

        void Consider(string key)
        {
            if (!ByFirstWord.TryGetValue(key, out var entries))
            {
                return;
            }

            foreach (var entry in entries)
            {
                var end = Match(entry, 0, tokens, at, at);
                if (end - at > bestLength)
                {
                    best = entry;
                    bestLength = end - at;
                }
            }
        }
    }

    // Returns the token index after the longest match of pattern[p..] from token t, or −1. Patterns are a few words long,
    // so the optional-word branching is bounded by the pattern, never by the message.
    private static int Match(Entry entry, int p, List<SentimentToken> tokens, int t, int start)
    {
        if (p == entry.Pattern.Length)
        {
            return t;
        }

        var best = -1;
        if (entry.Optional[p])
        {
            best = Match(entry, p + 1, tokens, t, start);
        }

        if (t < tokens.Count && (t == start || !tokens[t].AfterStop) && Fits(entry.Pattern[p], tokens[t].Word))
        {
            best = Math.Max(best, Match(entry, p + 1, tokens, t + 1, start));
        }

        return best;
    }

    private static bool Fits(string[] choices, string word)
    {
        foreach (var choice in choices)
        {
            if (choice == word)
            {
                return true;
            }

            if (choice[0] == '#')
            {
                if (choice == "#any" || (ClassSets.TryGetValue(choice, out var set) && set.Contains(word))
                    || (choice is "#num" or "#many" && IsNumber(word, choice == "#many" ? 2 : 1))
                    || (choice == "#money" && word.Length > 0 && char.IsDigit(word[0])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNumber(string word, int atLeast) =>
        word.Length is > 0 and < 6 && int.TryParse(word, out var n) && n >= atLeast;

    private static Dictionary<string, List<Entry>> Build()
    {
        var index = new Dictionary<string, List<Entry>>();
        foreach (var (weight, kind, patterns) in Source)
        {
            foreach (var pattern in patterns.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var words = pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var entry = new Entry(words.Select(w => w.TrimEnd('?').Split('|')).ToArray(), words.Select(w => w.EndsWith('?')).ToArray(), weight, kind);
                foreach (var first in entry.Pattern[0])
                {
                    if (!index.TryGetValue(first, out var list))
                    {
                        index[first] = list = [];
                    }

                    list.Add(entry);
                }
            }
        }

        return index;
    }
}
