using System.Globalization;
using Rapport.Features.Customers;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B6 (words that fit the customer's level of understanding): the reply's reading ease against a floor set
/// by the customer's technical awareness — 60 (plain language) for a customer who is not technically aware, 50 when it
/// is not known, 30 for one who is. Drafts under 15 words are too short for the score to mean anything and are not judged.
/// </summary>
public static class ReadingLevelCheck
{
    public const int MinimumWords = 15;

    public static double Floor(TechnicalAwareness awareness) => awareness switch
    {
        TechnicalAwareness.Unaware => 60,
        TechnicalAwareness.Aware => 30,
        _ => 50,
    };

    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        var own = draft.Own;
        var language = Readability.Language(own, context.Language);
        var score = Readability.Measure(own, language);
        var floor = Floor(context.Awareness);
        if (score.Words < MinimumWords || score.Ease >= floor)
        {
            yield break;
        }

        var (start, text) = draft.Sentences.Count == 0 ? (0, own) : draft.Sentences.MaxBy(s => Readability.Measure(s.Text, language).Words * (120 - Readability.Measure(s.Text, language).Ease));
        var name = language == "fr" ? "Kandel–Moles" : "Flesch";
        var who = context.Awareness switch
        {
            TechnicalAwareness.Unaware => "a customer who is not technically aware",
            TechnicalAwareness.Aware => "a technically aware customer",
            _ => "a customer whose technical awareness is not recorded",
        };
        yield return new CoachSuggestion(CoachChecks.ReadingLevel, "Use shorter sentences and simpler words",
            string.Create(CultureInfo.InvariantCulture,
                $"{name} reading ease {score.Ease:F0} ({score.Words / (double)Math.Max(1, score.Sentences):F0} words per sentence, {score.Syllables / (double)score.Words:F2} syllables per word); for {who} aim for {floor:F0} or more. The hardest sentence is highlighted."),
            start, text.Length);
    }
}
