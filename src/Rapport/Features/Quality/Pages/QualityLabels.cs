namespace Rapport.Features.Quality.Pages;

public static class QualityLabels
{
    public static readonly Rating[] Ratings = [Rating.Met, Rating.Partly, Rating.NotMet, Rating.NotApplicable];

    public static string Of(Rating rating) => rating switch
    {
        Rating.Met => "Met",
        Rating.Partly => "Partly",
        Rating.NotMet => "Not met",
        _ => "n/a",
    };

    public static string Score(double? score) => score is { } s ? s.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    public static string Origin(ReviewOrigin origin) => origin switch
    {
        ReviewOrigin.Sampled => "weekly sample",
        ReviewOrigin.Calibration => "calibration",
        _ => "chosen",
    };
}
