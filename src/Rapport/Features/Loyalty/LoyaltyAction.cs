using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>An offer granted to a customer, or an "extra mile" action taken for them.</summary>
public enum LoyaltyActionKind { OfferGranted, ExtraMile }

/// <summary>
/// Something done to keep a customer (C25): an offer of added value granted within the granter's authority, or an
/// "extra mile" action (002 PC10–PC12, 004 PC10) — what was done, by whom and when. Shown on the customer's timeline and
/// counted as competence evidence for the person who did it.
/// </summary>
public sealed class LoyaltyAction : IAudited
{
    public const int TextMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; set; }
    public LoyaltyActionKind Kind { get; private init; }
    /// <summary>What was done, in words; for a grant, the offer's name and what the customer gets.</summary>
    [FreeText]
    public string Text { get; private init; } = "";
    public Guid? OfferId { get; private init; }
    /// <summary>What a granted offer cost the organisation (null for an extra-mile action).</summary>
    public decimal? Cost { get; private init; }
    public string? Currency { get; private init; }
    public Guid ById { get; private init; }
    public string ByName { get; private init; } = "";
    public DateTime At { get; private init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => Kind == LoyaltyActionKind.OfferGranted ? "loyaltyOfferGrant" : "extraMileAction";

    public static LoyaltyAction ExtraMile(Guid customerId, string? what, Guid byId, string byName, DateTime at)
    {
        var text = what?.Trim() ?? "";
        if (text.Length is 0 or > TextMaxLength)
        {
            throw new InvalidInputException("what", $"Say what was done for the customer, in 1 to {TextMaxLength} characters.");
        }

        return new LoyaltyAction { CustomerId = customerId, Kind = LoyaltyActionKind.ExtraMile, Text = text, ById = byId, ByName = byName, At = at };
    }

    public static LoyaltyAction Grant(Guid customerId, LoyaltyOffer offer, string? note, Guid byId, string byName, DateTime at)
    {
        var extra = note?.Trim();
        var text = string.IsNullOrEmpty(extra) ? $"{offer.Name}: {offer.Description}" : $"{offer.Name}: {offer.Description} ({extra})";
        return new LoyaltyAction
        {
            CustomerId = customerId,
            Kind = LoyaltyActionKind.OfferGranted,
            Text = text.Length <= TextMaxLength ? text : text[..TextMaxLength],
            OfferId = offer.Id,
            Cost = offer.Action.IsMonetary() ? offer.Cost : null,
            Currency = offer.Action.IsMonetary() ? offer.Currency : null,
            ById = byId,
            ByName = byName,
            At = at,
        };
    }
}
