namespace Rapport.Features.Audit;

/// <summary>
/// One append-only line of the audit trail. <see cref="Hash"/> covers the entry's content and the previous
/// entry's hash, so altering or deleting any row breaks the chain from that point on.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; init; }
    public DateTime At { get; init; }
    public required string ActorId { get; init; }
    public required string ActorName { get; init; }
    public required string Action { get; init; }
    public required string SubjectType { get; init; }
    public required string SubjectId { get; init; }
    /// <summary>JSON object: field → { before, after }, or free details for explicit actions.</summary>
    public required string Changes { get; init; }
    /// <summary>
    /// SHA-256 of <see cref="Changes"/> as written; the hash covers this digest rather than the changes, so an erasure can
    /// replace the changes with a redaction marker and the chain still verifies. Null on entries sealed before digests
    /// existed, whose hash covers the changes themselves.
    /// </summary>
    public string? ChangesDigest { get; init; }
    public string? Reason { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }

    internal static AuditEntry Seal(long sequence, DateTime at, string actorId, string actorName, AuditDraft draft,
        string? reason, string previousHash)
    {
        var digest = AuditRedaction.DigestOf(draft.Changes);
        var unsealed = new AuditEntry
        {
            Sequence = sequence,
            At = at,
            ActorId = actorId,
            ActorName = actorName,
            Action = draft.Action,
            SubjectType = draft.SubjectType,
            SubjectId = draft.SubjectId,
            Changes = draft.Changes,
            ChangesDigest = digest,
            Reason = reason,
            PreviousHash = previousHash,
            Hash = "",
        };
        return new AuditEntry
        {
            Sequence = sequence,
            At = at,
            ActorId = actorId,
            ActorName = actorName,
            Action = draft.Action,
            SubjectType = draft.SubjectType,
            SubjectId = draft.SubjectId,
            Changes = draft.Changes,
            ChangesDigest = digest,
            Reason = reason,
            PreviousHash = previousHash,
            Hash = AuditChain.ComputeHash(unsealed),
        };
    }
}
