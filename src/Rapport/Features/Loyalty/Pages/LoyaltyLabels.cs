using System.Globalization;
using Rapport.Features.Authority;

namespace Rapport.Features.Loyalty.Pages;

/// <summary>How loyalty reads on screen.</summary>
public static class LoyaltyLabels
{
    public static string Money(decimal amount, string currency) => Currencies.Format(amount, currency);

    public static string Kind(BusinessKind kind) => kind switch
    {
        BusinessKind.Purchase => "Purchase",
        BusinessKind.Booking => "Booking",
        BusinessKind.Renewal => "Renewal",
        _ => "Other",
    };

    public static string Tenure(double years) => years < 1
        ? "less than a year"
        : $"{years.ToString("0.#", CultureInfo.InvariantCulture)} years";

    /// <summary>A factor's bar: its points as a share of the highest score (100), so bars of different factors compare.</summary>
    public static string BarWidth(RiskFactor f) => $"width: {Math.Clamp(f.Points, 0, 100)}%";

    public static MudBlazor.Color ScoreColor(int score, bool atRisk) =>
        atRisk ? MudBlazor.Color.Error : score >= 25 ? MudBlazor.Color.Warning : MudBlazor.Color.Success;
}
