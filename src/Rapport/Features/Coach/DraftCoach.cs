using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// Checks a draft reply against the behaviours of standard 000 (B1 greeting and name, B3 positive close, B4 next step,
/// B6 jargon and reading level, B7 understanding, B8 empathy), the promise rules (an undertaking needs a time) and, on a
/// complaint, the LAST steps of standard 003. Pure and fast: rules and word lists, no network, no model; each suggestion
/// says why it fired. Suggestions never block sending.
/// </summary>
public static class DraftCoach
{
    public static IReadOnlyList<CoachSuggestion> Check(string draft, CoachContext context)
    {
        if (string.IsNullOrWhiteSpace(draft))
        {
            return [];
        }

        var parts = new DraftParts(draft);
        var promises = PromiseDetector.Detect(draft, context.Promises);
        return
        [
            .. GreetingCheck.Run(parts, context),
            .. EmpathyCheck.Run(parts, context),
            .. JargonCheck.Run(parts, context),
            .. ReadingLevelCheck.Run(parts, context),
            .. UndatedPromiseCheck.Run(promises),
            .. NextStepCheck.Run(parts, context, promises),
            .. UnderstandingCheck.Run(parts, context),
            .. PositiveCloseCheck.Run(parts, context),
            .. LastStepsCheck.Run(parts, context, promises),
        ];
    }

    /// <summary>The draft with one suggestion applied (its replacement put over its span).</summary>
    public static string Apply(string draft, CoachSuggestion suggestion) =>
        suggestion.Replacement is null || suggestion.Start < 0 || suggestion.Start + suggestion.Length > draft.Length
            ? draft
            : string.Concat(draft.AsSpan(0, suggestion.Start), suggestion.Replacement, draft.AsSpan(suggestion.Start + suggestion.Length));
}
