namespace Rapport.Features.Audit;

/// <summary>
/// An audit entry committed with its change but not yet sealed into the hash chain (PostgreSQL only): writers commit
/// these concurrently, and <see cref="AuditSealer"/> gives them their place in the chain right after. The id is a
/// version-7 GUID, so ordering by it is ordering by when the entry was written.
/// </summary>
public sealed class AuditPendingEntry
{
    public Guid Id { get; init; }
    public DateTime At { get; init; }
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string Action { get; init; }
    public required string SubjectType { get; init; }
    public required string SubjectId { get; init; }
    public required string Changes { get; init; }
    public string? Reason { get; init; }
}
