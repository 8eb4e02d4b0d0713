using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B7 (acknowledge and confirm your understanding) and the marking point on confirming understanding: the
/// reply checks that it answered what the customer asked ("Does that answer your question?", "Let me know if…", "Just to
/// confirm…"). The fix inserts a question before the sign-off.
/// </summary>
public static partial class UnderstandingCheck
{
    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        if (ChecksUnderstanding(draft.Own))
        {
            yield break;
        }

        var french = Readability.Language(draft.Own, context.Language) == "fr";
        var (at, before, after) = draft.BeforeSignOff();
        yield return new CoachSuggestion(CoachChecks.Understanding, "Check the reply answers what the customer asked",
            "Nothing in the reply checks understanding (\"Does that answer your question?\", \"Let me know if…\", \"Just to confirm…\"): standard 000 B7.",
            at, 0, before + (french ? "Cela répond-il à votre question ?" : "Does that answer your question?") + after);
    }

    public static bool ChecksUnderstanding(string text) => Understanding().IsMatch(text);

    [GeneratedRegex(@"\b(?:(?:does|did|do)\s+(?:that|this|it|the\s+above)\s+(?:answer|help|make\s+sense|cover|clarify|solve|sort|work\s+for\s+you)"
        + @"|let\s+(?:me|us)\s+know\s+(?:if|whether|what\s+you\s+think|how)|tell\s+(?:me|us)\s+(?:if|whether)|(?:let|tell)\s+(?:me|us)\s+know\s+.{0,40}\bif\b"
        + @"|is\s+(?:that|this|everything)\s+(?:all\s+)?(?:clear|ok|okay|alright|all\s+right|correct|right)|(?:is|was)\s+(?:that|this)\s+what\s+you|anything\s+(?:else\s+)?I\s+can\s+(?:clarify|explain)|(?:have|did)\s+I\s+(?:got|get|understood|understand)\s+(?:that|this|it|you|everything)"
        + @"|just\s+to\s+(?:confirm|check|make\s+sure|clarify)|to\s+make\s+sure\s+I(?:'ve)?\s+understood|if\s+I(?:'ve|\s+have)?\s+understood|if\s+I\s+understand\s+(?:you\s+)?correctly"
        + @"|(?:any|other|further|more)\s+(?:other\s+|more\s+|further\s+)?questions|(?:if\s+)?(?:anything|something)\s+(?:is|isn't|is\s+not|still\s+isn't)\s+(?:unclear|clear)|anything\s+(?:else\s+)?(?:is\s+)?unclear"
        + @"|can\s+you\s+confirm\s+(?:that|this|if|whether)|please\s+confirm\s+(?:that\s+)?(?:this|that|it|everything)\s+(?:is|looks|works)|(?:does|would|will)\s+(?:that|this|it|the\s+[\w\s]{1,30}?)\s+(?:suit|work)"
        + @"|am\s+I\s+right|n'hésitez\s+pas|(?:est-ce\s+que\s+)?cela\s+(?:répond|vous\s+convient)|si\s+j'ai\s+bien\s+compris|avez-vous\s+(?:d'autres\s+)?questions|(?:est-ce|c'est)\s+(?:bien\s+)?clair|tenez-moi\s+au\s+courant|dites-moi\s+si)", RegexOptions.IgnoreCase)]
    private static partial Regex Understanding();
}
