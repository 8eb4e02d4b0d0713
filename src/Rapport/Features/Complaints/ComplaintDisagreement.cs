using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// The customer disagrees with what can be offered: what they need, what was confirmed with them, why an expectation
/// cannot be met, and how the complaint was escalated (standard 002 PC9). A complaint may have several.
/// </summary>
public sealed class ComplaintDisagreement : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ComplaintId { get; private init; }
    public Guid CaseId { get; private init; }
    [FreeText]
    public string Needs { get; private init; } = "";
    [FreeText]
    public string Confirmed { get; private init; } = "";
    [FreeText]
    public string WhyNotMet { get; private init; } = "";
    [FreeText]
    public string Escalation { get; private init; } = "";
    public Guid RecordedById { get; private init; }
    public string RecordedByName { get; private init; } = "";
    public DateTime RecordedAt { get; private init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "complaintDisagreement";

    public static ComplaintDisagreement Record(Complaint complaint, string needs, string confirmed, string whyNotMet, string? escalation,
        Guid byId, string byName, DateTime now) => new()
        {
            ComplaintId = complaint.Id,
            CaseId = complaint.CaseId,
            Needs = Complaint.Required(needs, "needs", Complaint.TextMaxLength, "Record what the customer needs."),
            Confirmed = Complaint.Required(confirmed, "confirmed", Complaint.TextMaxLength, "Record what was confirmed with the customer."),
            WhyNotMet = Complaint.Required(whyNotMet, "whyNotMet", Complaint.TextMaxLength, "Say why the expectation cannot be met."),
            Escalation = Complaint.Required(escalation, "escalation", Complaint.TextMaxLength, "Record how the complaint was escalated (to whom, how), or that the customer declined it."),
            RecordedById = byId,
            RecordedByName = byName,
            RecordedAt = now,
        };
}
