using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// A confidential fact about a customer. Its value is never part of the customer record's normal reads;
/// it is revealed only through <see cref="ConfidentialDetails"/>, which checks the role and audits the read.
/// </summary>
public sealed class ConfidentialDetail : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; internal set; }
    [FreeText]
    public required string Label { get; init; }
    [AuditRedacted]
    [FreeText]
    public required string Value { get; init; }
    public Confidentiality Level { get; init; }
    public DateTime CreatedAt { get; init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "confidentialDetail";
}
