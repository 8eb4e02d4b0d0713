using System.Text.Json;

namespace Rapport.Features.Loyalty;

/// <summary>
/// A customer's loyalty as last worked out: the score with its explanation and the figures the at-risk list shows. One
/// row per customer, rewritten when the customer's loyalty is read or changed and by the scheduled refresh, so the
/// at-risk list reads an index on the score instead of working out every customer's score from their messages.
/// </summary>
public sealed class CustomerLoyalty
{
    public Guid CustomerId { get; init; }
    public int Score { get; private set; }
    /// <summary>The factors as JSON (<see cref="RiskFactor"/>[]), so the list can explain a score without recomputing it.</summary>
    public string Factors { get; private set; } = "[]";
    public int RepeatContacts { get; private set; }
    public DateTime? LastContactAt { get; private set; }
    public DateTime TenureSince { get; private set; }
    public bool LongStanding { get; private set; }
    public DateTime ComputedAt { get; private set; }

    public IReadOnlyList<RiskFactor> FactorList => JsonSerializer.Deserialize<List<RiskFactor>>(Factors, JsonOptions) ?? [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Whether the stored row already says what <paramref name="f"/> says (when it was worked out aside).</summary>
    public bool Says(CustomerLoyaltyFigures f) =>
        Score == f.Risk.Score && RepeatContacts == f.RepeatContacts && LastContactAt == f.LastContactAt && TenureSince == f.TenureSince
        && LongStanding == f.LongStanding && Factors == JsonSerializer.Serialize(f.Risk.Factors, JsonOptions);

    public void Set(CustomerLoyaltyFigures f, DateTime now)
    {
        Score = f.Risk.Score;
        Factors = JsonSerializer.Serialize(f.Risk.Factors, JsonOptions);
        RepeatContacts = f.RepeatContacts;
        LastContactAt = f.LastContactAt;
        TenureSince = f.TenureSince;
        LongStanding = f.LongStanding;
        ComputedAt = now;
    }
}

/// <summary>Everything worked out about one customer's loyalty at one moment.</summary>
public sealed record CustomerLoyaltyFigures(
    Guid CustomerId,
    DateTime TenureSince,
    int RepeatContacts,
    DateTime? LastContactAt,
    IReadOnlyList<BusinessTotal> Business,
    bool LongStanding,
    string? LongStandingBecause,
    RiskExplanation Risk);

/// <summary>A customer's business in one currency: how many records, their total, and the part in the last 12 months.</summary>
public sealed record BusinessTotal(string Currency, int Count, decimal Total, int CountLast12Months, decimal TotalLast12Months);
