using System.Globalization;

namespace Rapport.Features.Loyalty;

/// <summary>The most points each factor may add to the risk-of-leaving score; they add up to 100.</summary>
public sealed record RiskWeights(int Silence, int OpenComplaints, int LowFeedback, int BrokenPromises, int DecliningBusiness)
{
    public int Total => Silence + OpenComplaints + LowFeedback + BrokenPromises + DecliningBusiness;

    public IEnumerable<(string Name, int Value)> Named() =>
    [
        ("silence", Silence), ("openComplaints", OpenComplaints), ("lowFeedback", LowFeedback), ("brokenPromises", BrokenPromises),
        ("decliningBusiness", DecliningBusiness),
    ];
}

/// <summary>
/// What is known about a customer that bears on whether they will leave. Days are whole days; <see cref="UsualIntervalDays"/>
/// is the average gap between their conversations (null with fewer than two); business is counted in the 12 months to
/// now and the 12 before, by value in the organisation's currency when there is any, else by number.
/// </summary>
public sealed record RiskSignals(
    double? DaysSinceLastContact,
    double? UsualIntervalDays,
    int OpenComplaints,
    int RecentScoredFeedback,
    double LowFeedbackShare,
    int BrokenPromises,
    decimal BusinessThisYear,
    decimal BusinessLastYear);

/// <summary>One factor of the score: how many points it adds and why, in words.</summary>
public sealed record RiskFactor(string Key, string Label, int Points, int Weight, string Detail);

/// <summary>The score and the factors that make it up; the factors' points add up to the score exactly.</summary>
public sealed record RiskExplanation(int Score, IReadOnlyList<RiskFactor> Factors);

/// <summary>
/// The risk-of-leaving score (C25): each factor is a share from 0 to 1 of its weight — how far past their usual
/// interval the customer has gone quiet, open complaints, how much of their recent feedback was low, promises broken
/// to them, and business falling year on year. The shares times the weights are rounded together (largest remainder), so
/// the whole-point contributions add up to the score exactly and none passes its weight. Pure, so it is tested alone.
/// </summary>
public static class RiskScore
{
    /// <summary>The gap assumed when a customer has too little history to have a usual interval.</summary>
    public const double DefaultIntervalDays = 90;

    public static RiskExplanation Explain(RiskSignals s, RiskWeights w)
    {
        var usual = Math.Max(s.UsualIntervalDays ?? DefaultIntervalDays, 1);
        var quiet = s.DaysSinceLastContact is { } days ? Math.Clamp((days / usual - 1) / 2, 0, 1) : 0;
        var complaints = Math.Clamp(s.OpenComplaints / 2.0, 0, 1);
        var feedback = s.RecentScoredFeedback == 0 ? 0 : Math.Clamp(s.LowFeedbackShare, 0, 1);
        var promises = Math.Clamp(s.BrokenPromises / 2.0, 0, 1);
        var decline = s.BusinessLastYear > 0 ? Math.Clamp((double)((s.BusinessLastYear - s.BusinessThisYear) / s.BusinessLastYear), 0, 1) : 0;

        var raw = new (string Key, string Label, int Weight, double Share, string Detail)[]
        {
            ("silence", "Quiet for longer than usual", w.Silence, quiet, s.DaysSinceLastContact is { } d
                ? Text($"No contact for {d:0} days; usually every {usual:0} days{(s.UsualIntervalDays is null ? " (assumed)" : "")}.")
                : "Never contacted us."),
            ("openComplaints", "Open complaints", w.OpenComplaints, complaints, Text($"{s.OpenComplaints} complaint(s) not yet resolved.")),
            ("lowFeedback", "Low recent feedback", w.LowFeedback, feedback, s.RecentScoredFeedback == 0
                ? "No scored feedback in the last 12 months."
                : Text($"{s.LowFeedbackShare * 100:0}% of their last {s.RecentScoredFeedback} scored answer(s) were low.")),
            ("brokenPromises", "Promises broken to them", w.BrokenPromises, promises, Text($"{s.BrokenPromises} promise(s) broken in the last 12 months.")),
            ("decliningBusiness", "Declining business", w.DecliningBusiness, decline, s.BusinessLastYear > 0
                ? Text($"{s.BusinessThisYear:0.##} in the last 12 months against {s.BusinessLastYear:0.##} the year before.")
                : "No business the year before to compare with."),
        };

        var exact = raw.Select(r => r.Weight * r.Share).ToArray();
        var points = Apportion(exact);
        var factors = raw.Select((r, i) => new RiskFactor(r.Key, r.Label, points[i], r.Weight, r.Detail)).ToList();
        return new RiskExplanation(points.Sum(), factors);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whole numbers that add up to the rounded total of <paramref name="exact"/>: each is its value rounded down, and the
    /// points left over go to the largest remainders (the earlier factor on a tie). None exceeds its value rounded up.
    /// </summary>
    public static int[] Apportion(IReadOnlyList<double> exact)
    {
        var total = (int)Math.Round(exact.Sum(), MidpointRounding.AwayFromZero);
        var points = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = total - points.Sum();
        foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take(left))
        {
            points[i]++;
        }

        return points;
    }
}
