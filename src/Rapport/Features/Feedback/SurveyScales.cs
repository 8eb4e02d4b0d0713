using Rapport.Infrastructure.Api;

namespace Rapport.Features.Feedback;

/// <summary>Each survey's question, scale and what counts as a good or poor score.</summary>
public static class SurveyScales
{
    public static (int Min, int Max) Range(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => (0, 10),
        SurveyKind.Effort => (1, 7),
        _ => (1, 5),
    };

    public static string Question(SurveyKind kind, string organisation) => kind switch
    {
        SurveyKind.Nps => $"How likely are you to recommend {organisation} to a friend or colleague?",
        SurveyKind.Effort => $"How easy was it to get your request handled by {organisation}?",
        _ => $"How satisfied are you with how {organisation} handled your request?",
    };

    /// <summary>The words at the two ends of the scale, read out with the lowest and highest choice.</summary>
    public static (string Low, string High) Ends(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => ("not at all likely", "extremely likely"),
        SurveyKind.Effort => ("very difficult", "very easy"),
        _ => ("very dissatisfied", "very satisfied"),
    };

    public static string Name(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => "Net Promoter (0–10)",
        SurveyKind.Effort => "Customer effort (1–7)",
        _ => "Satisfaction (1–5)",
    };

    /// <summary>NPS: 9–10 promoters, 0–6 detractors; CSAT: 4–5 good, 1–2 poor; effort: 5–7 easy, 1–3 hard.</summary>
    public static FeedbackRating Rate(SurveyKind kind, int score) => kind switch
    {
        SurveyKind.Nps => score >= 9 ? FeedbackRating.Positive : score >= 7 ? FeedbackRating.Neutral : FeedbackRating.Negative,
        SurveyKind.Effort => score >= 5 ? FeedbackRating.Positive : score == 4 ? FeedbackRating.Neutral : FeedbackRating.Negative,
        _ => score >= 4 ? FeedbackRating.Positive : score == 3 ? FeedbackRating.Neutral : FeedbackRating.Negative,
    };

    public static void Require(SurveyKind kind, int score, string field)
    {
        var (min, max) = Range(kind);
        if (score < min || score > max)
        {
            throw new InvalidInputException(field, $"A {Name(kind)} score is a whole number from {min} to {max}.");
        }
    }
}
