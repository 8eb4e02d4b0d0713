using System.ComponentModel.DataAnnotations;
using Rapport.Features.Authority;

namespace Rapport.Features.Loyalty;

/// <summary>
/// A customer's loyalty (C25): tenure, repeat contacts (conversations active in the last 12 months), business per
/// currency, value in the organisation's currency, last contact, whether they are long-standing and why, and the
/// risk-of-leaving score with the factors that make it up (their points add up to the score). Offers are those you may
/// grant on your own authority or not, with the reason; recent grants, extra-mile actions and business come last.
/// </summary>
public sealed record LoyaltyDto(
    Guid CustomerId,
    DateTime TenureSince,
    double TenureYears,
    int RepeatContacts,
    DateTime? LastContactAt,
    IReadOnlyList<BusinessTotal> Business,
    decimal Value,
    string Currency,
    bool LongStanding,
    string? LongStandingBecause,
    int Score,
    bool AtRisk,
    IReadOnlyList<RiskFactor> Factors,
    IReadOnlyList<OfferChoiceDto> Offers,
    IReadOnlyList<LoyaltyActionDto> Actions,
    IReadOnlyList<BusinessRecordDto> RecentBusiness,
    DateTime ComputedAt);

/// <summary>An offer as one person may grant it: within their authority or not, and which limit decides.</summary>
public sealed record OfferChoiceDto(OfferDto Offer, bool CanGrant, string Limit);

/// <summary>An offer of added value: what the customer gets, what it costs, and the action type its limit of authority is for.</summary>
public sealed record OfferDto(Guid Id, string Name, string Description, AuthorityActionType Action, decimal Cost, string Currency, bool Active,
    string CostText);

/// <summary>An offer granted or an extra-mile action taken, as the timeline and the loyalty panel show it.</summary>
public sealed record LoyaltyActionDto(Guid Id, Guid CustomerId, LoyaltyActionKind Kind, string Text, Guid? OfferId, decimal? Cost, string? Currency,
    Guid ById, string ByName, DateTime At);

public sealed record BusinessRecordDto(Guid Id, Guid CustomerId, BusinessKind Kind, decimal Amount, string Currency, DateTime OccurredAt,
    string Description, string RecordedByName, DateTime RecordedAt);

/// <summary>A purchase, booking, renewal or other business the customer brought; occurredAt defaults to now.</summary>
public sealed record RecordBusinessRequest(
    [property: Required] BusinessKind Kind,
    [property: Required] decimal? Amount,
    [property: Required, StringLength(3)] string Currency,
    [property: Required, StringLength(BusinessRecord.DescriptionMaxLength)] string Description,
    DateTimeOffset? OccurredAt = null);

/// <summary>What was done for the customer beyond what they asked for; at defaults to now.</summary>
public sealed record ExtraMileRequest(
    [property: Required, StringLength(LoyaltyAction.TextMaxLength)] string What,
    DateTimeOffset? At = null);

/// <summary>
/// An offer of added value. action is goodwillGesture, discount, compensation or policyException; cost and currency are
/// needed for all but a policy exception. Inactive offers are kept for the record but not offered.
/// </summary>
public sealed record OfferRequest(
    [property: Required, StringLength(LoyaltyOffer.NameMaxLength)] string Name,
    [property: Required, StringLength(LoyaltyOffer.DescriptionMaxLength)] string Description,
    [property: Required] AuthorityActionType Action,
    decimal? Cost = null,
    string? Currency = null,
    bool Active = true);

/// <summary>Granting an offer; an optional note says why this customer.</summary>
public sealed record GrantOfferRequest([property: StringLength(500)] string? Note = null);

/// <summary>
/// The weights of the risk factors (0–100 each, adding up to 100), when a customer is long-standing (years, or value in
/// currency; 0 turns the value test off), the figures of the retention report, the days of silence after which a
/// customer counts as lost, and the score from which a customer is at risk.
/// </summary>
public sealed record LoyaltySettingsDto(
    [property: Required] RiskWeights Weights,
    int LongStandingYears,
    decimal LongStandingValue,
    [property: Required] string Currency,
    decimal CostToWinCustomer,
    decimal RetentionSpendPerYear,
    int LostAfterDays,
    int AtRiskScore);

/// <summary>One customer on the at-risk list: the score, its largest factors, and the figures behind it.</summary>
public sealed record AtRiskDto(Guid CustomerId, string Name, int Score, IReadOnlyList<RiskFactor> Factors, DateTime? LastContactAt, int RepeatContacts,
    bool LongStanding, DateTime ComputedAt);

/// <summary>The customers most at risk of leaving, highest score first,, as last worked out; atRiskScore is where "at risk" starts.</summary>
public sealed record AtRiskListDto(IReadOnlyList<AtRiskDto> Customers, int AtRiskScore);

/// <summary>How many customers the refresh worked out.</summary>
public sealed record RefreshDto(int Customers);

public static class LoyaltyDtos
{
    public static OfferDto ToDto(this LoyaltyOffer o) => new(o.Id, o.Name, o.Description, o.Action, o.Cost, o.Currency, o.Active, o.CostText);

    public static LoyaltyActionDto ToDto(this LoyaltyAction a) => new(a.Id, a.CustomerId, a.Kind, a.Text, a.OfferId, a.Cost, a.Currency, a.ById, a.ByName, a.At);

    public static BusinessRecordDto ToDto(this BusinessRecord b) =>
        new(b.Id, b.CustomerId, b.Kind, b.Amount, b.Currency, b.OccurredAt, b.Description, b.RecordedByName, b.RecordedAt);
}
