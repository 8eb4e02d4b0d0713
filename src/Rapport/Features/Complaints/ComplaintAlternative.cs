using Rapport.Features.Audit;
using Rapport.Features.Authority;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

public enum AlternativeStatus { Proposed, Agreed }

/// <summary>
/// One way to solve a complaint (Solve step), with what it costs and brings the customer and the organisation. An
/// alternative that gives the customer money or sets a rule aside carries an offer: it goes through the
/// limits of authority (a <see cref="CaseAction"/>) when it is agreed, and beyond the agent's limit it cannot be agreed
/// until a colleague whose limit covers it has approved it.
/// </summary>
public sealed class ComplaintAlternative : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ComplaintId { get; private init; }
    public Guid CaseId { get; private init; }
    [FreeText]
    public string Description { get; private init; } = "";
    [FreeText]
    public string CustomerCost { get; private init; } = "";
    [FreeText]
    public string CustomerBenefit { get; private init; } = "";
    [FreeText]
    public string OrganisationCost { get; private init; } = "";
    [FreeText]
    public string OrganisationBenefit { get; private init; } = "";
    public AuthorityActionType? OfferType { get; private init; }
    public decimal? OfferAmount { get; private init; }
    public string? OfferCurrency { get; private init; }
    /// <summary>The refund, compensation, goodwill gesture, discount or exception requested for this alternative.</summary>
    public Guid? CaseActionId { get; private set; }
    public AlternativeStatus Status { get; private set; }
    public Guid ProposedById { get; private init; }
    public DateTime ProposedAt { get; private init; }
    public DateTime? AgreedAt { get; private set; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "complaintAlternative";

    public bool HasOffer => OfferType is not null;

    public static ComplaintAlternative Propose(Complaint complaint, string description, string customerCost, string customerBenefit,
        string organisationCost, string organisationBenefit, AuthorityActionType? offerType, decimal? offerAmount, string? offerCurrency,
        Guid byId, DateTime now)
    {
        if (offerType is { } type && !Enum.IsDefined(type))
        {
            throw new InvalidInputException("offer.type", "Unknown kind of offer.");
        }

        var monetary = offerType?.IsMonetary() == true;
        return new ComplaintAlternative
        {
            ComplaintId = complaint.Id,
            CaseId = complaint.CaseId,
            Description = Complaint.Required(description, "description", Complaint.ShortMaxLength, "Describe the alternative."),
            CustomerCost = Complaint.Required(customerCost, "customerCost", Complaint.ShortMaxLength, "Say what this alternative costs the customer (\"nothing\" is an answer)."),
            CustomerBenefit = Complaint.Required(customerBenefit, "customerBenefit", Complaint.ShortMaxLength, "Say what the customer gains from it."),
            OrganisationCost = Complaint.Required(organisationCost, "organisationCost", Complaint.ShortMaxLength, "Say what it costs the organisation."),
            OrganisationBenefit = Complaint.Required(organisationBenefit, "organisationBenefit", Complaint.ShortMaxLength, "Say what the organisation gains from it."),
            OfferType = offerType,
            OfferAmount = monetary ? Currencies.RequireAmount(offerAmount, "offer.amount") : null,
            OfferCurrency = monetary ? Currencies.Require(offerCurrency, "offer.currency") : null,
            ProposedById = byId,
            ProposedAt = now,
        };
    }

    public void RequestedAs(Guid caseActionId) => CaseActionId = caseActionId;

    internal void MarkAgreed(DateTime now)
    {
        Status = AlternativeStatus.Agreed;
        AgreedAt = now;
    }
}
