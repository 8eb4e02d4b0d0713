using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Privacy;

/// <summary>
/// A legal hold on a customer or a case (C23): while it is in force, retention leaves everything under it alone and the
/// customer cannot be erased. Placing and releasing it are audited; a released hold stays on record.
/// </summary>
public sealed class LegalHold : IAudited
{
    public const int ReasonMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The customer held (with all their conversations and cases), or null for a hold on one case.</summary>
    public Guid? CustomerId { get; init; }
    /// <summary>The case held (with its linked conversations), or null for a hold on a customer.</summary>
    public Guid? CaseId { get; init; }
    /// <summary>Why it is held: a matter reference, not the person's details.</summary>
    [FreeText]
    public required string Reason { get; init; }
    public Guid? PlacedById { get; init; }
    public required string PlacedByName { get; init; }
    public DateTime PlacedAt { get; init; }
    public DateTime? ReleasedAt { get; private set; }
    public Guid? ReleasedById { get; private set; }
    public string? ReleasedByName { get; private set; }
    [FreeText]
    public string? ReleaseReason { get; private set; }

    public bool InForce => ReleasedAt is null;

    public string AuditSubjectType => CustomerId is null ? "case" : "customer";
    public Guid AuditSubjectId => CustomerId ?? CaseId ?? Id;
    public string AuditEntityName => "legalHold";

    public void Release(Guid? byId, string byName, string reason, DateTime now)
    {
        ReleasedAt = now;
        ReleasedById = byId;
        ReleasedByName = byName;
        ReleaseReason = reason;
    }
}
