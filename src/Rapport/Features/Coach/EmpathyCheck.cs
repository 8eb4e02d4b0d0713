using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B8 (responses that demonstrate empathy): when the customer's last message reads as upset
/// (<see cref="InboundSentiment"/>), the reply should acknowledge how they feel or apologise. Fires only then, and says
/// which words of their message made it read as upset; the fix inserts an acknowledgement after the greeting.
/// </summary>
public static partial class EmpathyCheck
{
    public const string Acknowledgement = "I'm sorry about this, and I understand how frustrating it must be.";

    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        var inbound = InboundSentiment.Read(context.LastInbound);
        if (!inbound.Upset || ShowsEmpathy(draft.Own))
        {
            yield break;
        }

        var french = Readability.Language(draft.Own, context.Language) == "fr";
        var sentence = french ? "Je suis désolé(e) pour ce désagrément et je comprends votre frustration." : Acknowledgement;
        var (at, before, after) = draft.AfterGreeting();
        yield return new CoachSuggestion(CoachChecks.Empathy, "Acknowledge how the customer feels, or apologise",
            $"The customer's last message reads as upset ({InboundSentiment.Describe(inbound)}) and the reply has no apology or acknowledgement (standard 000 B8).",
            at, 0, before + sentence + after);
    }

    /// <summary>An apology or an acknowledgement of feelings, not cancelled by "no need to" or "don't be".</summary>
    public static bool ShowsEmpathy(string text)
    {
        foreach (Match m in Empathy().Matches(text))
        {
            if (!NotMeant().IsMatch(text[Math.Max(0, m.Index - 25)..m.Index]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only the apology part: used by the complaint check's Apologise step.</summary>
    public static bool Apologises(string text)
    {
        foreach (Match m in Apology().Matches(text))
        {
            if (!NotMeant().IsMatch(text[Math.Max(0, m.Index - 25)..m.Index]))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies)|regret\s+(?:that|the|any)|excuse[sz]?|désolée?s?|navrée?s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Apology();

    [GeneratedRegex(@"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies)|regret\s+(?:that|the|any)|désolée?s?|navrée?s?|(?:toutes\s+)?nos\s+excuses|je\s+m'excuse"
        + @"|(?:I|we)\s+(?:completely\s+|fully\s+|totally\s+|really\s+|can\s+|do\s+)?(?:understand|appreciate|see)\s+(?:how|why|that\s+(?:this|it)\s+(?:has|must|is|was)|your\s+(?:frustration|disappointment|concern|worry|upset)|the\s+(?:frustration|disappointment|inconvenience|stress|worry))"
        + @"|I\s+can\s+(?:only\s+)?imagine|(?:that|this|it)\s+sounds\s+(?:\w+\s+)?(?:stressful|frustrating|awful|upsetting|difficult|horrible|worrying|annoying|disappointing|exhausting)|(?:must|would)\s+(?:have\s+)?(?:be|been)\s+(?:so\s+|very\s+|really\s+|incredibly\s+)?(?:frustrating|upsetting|stressful|annoying|disappointing|worrying|difficult|awful|inconvenient|a\s+worry)"
        + @"|(?:that|this)(?:'s|\s+is|\s+was)\s+(?:not\s+(?:good\s+enough|acceptable|the\s+(?:service|experience)\s+)|really\s+not\s+good)|(?:I'm|I\s+am|we're|we\s+are)\s+(?:so\s+|really\s+|very\s+|truly\s+)?(?:sad|upset|disappointed)\s+to\s+(?:hear|read|learn)"
        + @"|je\s+comprends\s+(?:votre|tout\s+à\s+fait|parfaitement|que)|nous\s+comprenons\s+(?:votre|que))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Empathy();

    [GeneratedRegex(@"(?:no\s+need\s+(?:to|for)(?:\s+\w+)?|don't\s+be|do\s+not\s+be|not|never)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NotMeant();
}
