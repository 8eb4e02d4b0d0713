using System.Text.RegularExpressions;
using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 004 PC3–PC4 and 000 PC15 (undertakings within the timescale indicated): a promise the promise detector finds
/// with no due time ("I'll get back to you", "we'll refund you shortly") gives the customer nothing to hold us to. Reuses
/// <see cref="PromiseDetector"/> and its due-time reading rather than detecting again.
/// </summary>
public static partial class UndatedPromiseCheck
{
    public static IEnumerable<CoachSuggestion> Run(IReadOnlyList<PromiseCandidate> promises)
    {
        foreach (var p in promises.Where(p => p.Due is null && !Immediate().IsMatch(p.Sentence)))
        {
            var vague = p.DueText is { Length: > 0 } words ? $" \"{words}\" is not a time the customer can hold you to." : "";
            yield return new CoachSuggestion(CoachChecks.UndatedPromise, $"Say when: \"{p.What}\" by when?",
                $"This sentence promises \"{p.What}\" but gives no date or time.{vague} Say when (\"by Friday\", \"within 3 working days\") so it can be recorded and kept.",
                p.Start, p.Sentence.Length);
        }
    }

    // "Right now" has no due time to parse but is a time the customer can hold us to.
    [GeneratedRegex(@"\b(?:right\s+now|right\s+away|straight\s+away|immediately|at\s+once|this\s+minute|tout\s+de\s+suite|immédiatement)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Immediate();
}
