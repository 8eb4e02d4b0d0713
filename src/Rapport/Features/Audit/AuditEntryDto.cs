using System.Text.Json;

namespace Rapport.Features.Audit;

/// <summary>An audit entry as shown to auditors and on a record's history.</summary>
public sealed record AuditEntryDto(long Sequence, DateTime At, string ActorId, string ActorName, string Action,
    string SubjectType, string SubjectId, JsonElement Changes, string? Reason, string Hash);

public static class AuditEntryDtos
{
    public static AuditEntryDto ToDto(this AuditEntry e)
    {
        using var doc = JsonDocument.Parse(e.Changes);
        return new AuditEntryDto(e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.SubjectType, e.SubjectId,
            doc.RootElement.Clone(), e.Reason, e.Hash);
    }
}
