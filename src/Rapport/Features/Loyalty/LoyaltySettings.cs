using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// How the organisation reads loyalty (C25), set by an administrator. A single row: the weight of each risk factor (the
/// most points it can add; the weights add up to 100, so the score is 0–100), when a customer counts as long-standing,
/// and the figures of the retention-economics report (cost to win a customer, yearly retention spend, in one currency).
/// </summary>
public sealed class LoyaltySettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000025");

    public Guid Id { get; init; } = SingletonId;
    public int SilenceWeight { get; private set; } = 35;
    public int ComplaintsWeight { get; private set; } = 20;
    public int FeedbackWeight { get; private set; } = 20;
    public int BrokenPromisesWeight { get; private set; } = 10;
    public int DecliningBusinessWeight { get; private set; } = 15;
    /// <summary>A customer of this many years or more is long-standing.</summary>
    public int LongStandingYears { get; private set; } = 3;
    /// <summary>A customer whose business adds up to this much (in <see cref="Currency"/>) is long-standing too; 0: tenure only.</summary>
    public decimal LongStandingValue { get; private set; } = 1000m;
    /// <summary>The currency of value, thresholds and the report; business in other currencies is shown but not added in.</summary>
    public string Currency { get; private set; } = "GBP";
    public decimal CostToWinCustomer { get; private set; } = 150m;
    public decimal RetentionSpendPerYear { get; private set; }
    /// <summary>A customer silent (no contact, no business) for this many days counts as lost in the report.</summary>
    public int LostAfterDays { get; private set; } = 365;
    /// <summary>From this score a customer is marked at risk.</summary>
    public int AtRiskScore { get; private set; } = 50;
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "loyaltySettings";

    public RiskWeights Weights => new(SilenceWeight, ComplaintsWeight, FeedbackWeight, BrokenPromisesWeight, DecliningBusinessWeight);

    /// <summary>The settings (untracked defaults when never saved).</summary>
    public static async Task<LoyaltySettings> ReadAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Set<LoyaltySettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == SingletonId, ct) ?? new LoyaltySettings();

    public void Change(LoyaltySettingsDto s, DateTime now)
    {
        var w = s.Weights;
        foreach (var (name, value) in w.Named())
        {
            if (value is < 0 or > 100)
            {
                throw new InvalidInputException($"weights.{name}", "A weight is from 0 to 100 points.");
            }
        }

        if (w.Total != 100)
        {
            throw new InvalidInputException("weights", $"The weights add up to {w.Total}; they must add up to 100, the highest score.");
        }

        if (s.LongStandingYears is < 0 or > 100)
        {
            throw new InvalidInputException("longStandingYears", "Long-standing is from 0 to 100 years.");
        }

        if (s.LostAfterDays is < 1 or > 3650)
        {
            throw new InvalidInputException("lostAfterDays", "Lost after is from 1 to 3650 days of silence.");
        }

        if (s.AtRiskScore is < 1 or > 100)
        {
            throw new InvalidInputException("atRiskScore", "The at-risk score is from 1 to 100.");
        }

        Currency = Currencies.Require(s.Currency, "currency");
        LongStandingValue = Currencies.RequireAmount(s.LongStandingValue, "longStandingValue", allowZero: true);
        CostToWinCustomer = Currencies.RequireAmount(s.CostToWinCustomer, "costToWinCustomer", allowZero: true);
        RetentionSpendPerYear = Currencies.RequireAmount(s.RetentionSpendPerYear, "retentionSpendPerYear", allowZero: true);
        (SilenceWeight, ComplaintsWeight, FeedbackWeight, BrokenPromisesWeight, DecliningBusinessWeight) =
            (w.Silence, w.OpenComplaints, w.LowFeedback, w.BrokenPromises, w.DecliningBusiness);
        (LongStandingYears, LostAfterDays, AtRiskScore, UpdatedAt) = (s.LongStandingYears, s.LostAfterDays, s.AtRiskScore, now);
    }

    public LoyaltySettingsDto ToDto() => new(Weights, LongStandingYears, LongStandingValue, Currency, CostToWinCustomer, RetentionSpendPerYear,
        LostAfterDays, AtRiskScore);
}
