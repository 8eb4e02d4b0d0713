using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>An internal note about the customer, written by staff.</summary>
public sealed class CustomerNote : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; internal set; }
    [FreeText]
    public required string Body { get; init; }
    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public DateTime CreatedAt { get; init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "note";
}
