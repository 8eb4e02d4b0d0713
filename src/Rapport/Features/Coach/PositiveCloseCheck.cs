using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B3 (close on a positive note, using words accepted by your organisation): one of the last two sentences
/// before the sign-off wishes the customer well, thanks them, looks forward or offers more help. A bare "Kind regards" is
/// a sign-off, not a positive close. The fix inserts a closing sentence before the sign-off.
/// </summary>
public static partial class PositiveCloseCheck
{
    public const string Close = "Have a lovely day.";

    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        if (draft.Closing(2).Any(s => Positive().IsMatch(s.Text)))
        {
            yield break;
        }

        var french = Readability.Language(draft.Own, context.Language) == "fr";
        var (at, before, after) = draft.BeforeSignOff();
        yield return new CoachSuggestion(CoachChecks.PositiveClose, "End on a positive note",
            "The last sentences before the sign-off neither wish the customer well, thank them, look forward nor offer more help (standard 000 B3).",
            at, 0, before + (french ? "Je vous souhaite une excellente journée." : Close) + after);
    }

    [GeneratedRegex(@"\b(?:have\s+an?\s+(?:\w+\s+){0,2}(?:day|evening|weekend|trip|stay|holiday|flight|journey|time|one|break|visit|christmas|meal|birthday|celebration|crossing|ride|drive|cruise|wedding|party|night)"
        + @"|enjoy\b|(?:we|I)(?:'re|\s+are|'m|\s+am)?\s+(?:really\s+)?look(?:ing)?\s+forward|take\s+care|safe\s+(?:travels|journey|trip|flight)|happy\s+(?:travels|holidays|shopping|christmas|birthday)|bon\s+voyage"
        + @"|(?:thank\s+you|thanks|many\s+thanks)\s+(?:again\s+|so\s+much\s+|very\s+much\s+)?(?:for|so\s+much)|(?:we|I)\s+(?:really\s+)?appreciate\s+(?:your|you)"
        + @"|(?:glad|happy|pleased|delighted)\s+(?:I|we)\s+(?:could|were\s+able\s+to|can)|(?:it\s+was|it's|it\s+has\s+been)\s+(?:a\s+)?pleasure|(?:always\s+)?(?:happy|glad|here)\s+to\s+help|we(?:'re|\s+are)\s+(?:always\s+)?here\s+(?:for|if)"
        + @"|(?:hope|wish)\s+(?:you|this|that|the|your)\b|hope\s+to\s+(?:see|welcome|hear)|(?:I'm|I\s+am|we're|we\s+are)\s+(?:so\s+|really\s+|very\s+)?(?:glad|pleased|delighted|thrilled)|best\s+of\s+luck|all\s+the\s+best\s+(?:for|with)|see\s+you\s+(?:soon|on|next)|welcome\s+you|thank\s+you\s+for\s+choosing"
        + @"|bonne\s+(?:journée|soirée|fin|continuation|semaine|route|réception)|au\s+plaisir|merci\s+(?:encore|beaucoup|pour|de\s+votre)|ravie?\s+d'avoir|à\s+bientôt)", RegexOptions.IgnoreCase)]
    private static partial Regex Positive();
}
