using MudBlazor;

namespace Rapport.Features.Feedback.Pages;

/// <summary>How feedback reads on screen.</summary>
public static class FeedbackLabels
{
    public static string Source(FeedbackSource source) => source switch
    {
        FeedbackSource.Verbal => "Verbal",
        FeedbackSource.Letter => "Letter",
        FeedbackSource.Review => "Review",
        FeedbackSource.ServiceAudit => "Service audit",
        FeedbackSource.Survey => "Survey",
        _ => "Other",
    };

    public static Color Colour(FeedbackRating? rating) => rating switch
    {
        FeedbackRating.Positive => Color.Success,
        FeedbackRating.Negative => Color.Error,
        _ => Color.Default,
    };
}
