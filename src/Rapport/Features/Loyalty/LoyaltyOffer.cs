using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Added value the organisation can offer long-standing customers (004 PC14, K14): a name, what the customer gets, what
/// it costs the organisation, and the kind of action it is under the limits of authority (a goodwill gesture, a
/// discount, compensation or a policy exception). Who may grant it is who may take that action for that cost on their
/// own authority (<see cref="LimitCheck"/>).
/// </summary>
public sealed class LoyaltyOffer : IAudited
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    [FreeText]
    public string Name { get; private set; } = "";
    [FreeText]
    public string Description { get; private set; } = "";
    public AuthorityActionType Action { get; private set; }
    /// <summary>What granting it costs the organisation; zero for a policy exception with no cost.</summary>
    public decimal Cost { get; private set; }
    public string Currency { get; private set; } = "";
    /// <summary>Withdrawn offers stay for the record of grants but are no longer offered.</summary>
    public bool Active { get; private set; } = true;
    public DateTime UpdatedAt { get; private set; }

    public string AuditSubjectType => "loyaltyOffer";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "loyaltyOffer";

    /// <summary>"Goodwill gesture of GBP 20.00" — what the limits of authority must cover.</summary>
    public string CostText => Action.IsMonetary() ? $"{Action.Label()} of {Currencies.Format(Cost, Currency)}" : Action.Label();

    public static LoyaltyOffer Create(string? name, string? description, AuthorityActionType action, decimal? cost, string? currency, bool active,
        DateTime now)
    {
        var offer = new LoyaltyOffer();
        offer.Change(name, description, action, cost, currency, active, now);
        return offer;
    }

    public void Change(string? name, string? description, AuthorityActionType action, decimal? cost, string? currency, bool active, DateTime now)
    {
        if (!Enum.IsDefined(action) || action == AuthorityActionType.Refund)
        {
            throw new InvalidInputException("action", "An offer is a goodwillGesture, discount, compensation or policyException (a refund gives back, it adds nothing).");
        }

        Name = Text(name, NameMaxLength, "name");
        Description = Text(description, DescriptionMaxLength, "description");
        Action = action;
        if (action.IsMonetary())
        {
            Cost = Currencies.RequireAmount(cost, "cost", allowZero: true);
            Currency = Currencies.Require(currency, "currency");
        }
        else
        {
            Cost = 0;
            Currency = "";
        }

        Active = active;
        UpdatedAt = now;
    }

    private static string Text(string? value, int max, string field)
    {
        var text = value?.Trim() ?? "";
        return text.Length is > 0 && text.Length <= max ? text : throw new InvalidInputException(field, $"{field} is 1 to {max} characters.");
    }
}
