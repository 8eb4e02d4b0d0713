using Rapport.Features.Audit;

namespace Rapport.Features.Privacy;

/// <summary>
/// The organisation's retention periods, one row. A null period keeps that kind forever (the default: nothing is lost
/// by surprise). The row also carries the lease that lets one node at a time run retention.
/// </summary>
public sealed class RetentionPolicy : IAudited
{
    public const int TheOne = 1;

    public int Id { get; init; } = TheOne;
    public int? MessagesDays { get; private set; }
    public int? AttachmentsDays { get; private set; }
    public int? CallRecordingsDays { get; private set; }
    public int? AuditEntriesDays { get; private set; }
    public int? ClosedCasesDays { get; private set; }
    /// <summary>When the periods were last set: the "policy of" date every run report names.</summary>
    public DateTime? UpdatedAt { get; private set; }
    public string? UpdatedByName { get; private set; }
    /// <summary>A run in progress holds this until the given time; another node's run waits for the next turn.</summary>
    [NotAudited]
    public DateTime? RunLeasedUntil { get; private set; }

    public string AuditSubjectType => "retention";
    public Guid AuditSubjectId => Guid.Empty;
    public string AuditEntityName => "retentionPolicy";

    public int? DaysFor(RetentionKind kind) => kind switch
    {
        RetentionKind.Messages => MessagesDays,
        RetentionKind.Attachments => AttachmentsDays,
        RetentionKind.CallRecordings => CallRecordingsDays,
        RetentionKind.AuditEntries => AuditEntriesDays,
        RetentionKind.ClosedCases => ClosedCasesDays,
        _ => null,
    };

    public void Set(IReadOnlyDictionary<RetentionKind, int?> days, string byName, DateTime now)
    {
        MessagesDays = days.GetValueOrDefault(RetentionKind.Messages);
        AttachmentsDays = days.GetValueOrDefault(RetentionKind.Attachments);
        CallRecordingsDays = days.GetValueOrDefault(RetentionKind.CallRecordings);
        AuditEntriesDays = days.GetValueOrDefault(RetentionKind.AuditEntries);
        ClosedCasesDays = days.GetValueOrDefault(RetentionKind.ClosedCases);
        UpdatedAt = now;
        UpdatedByName = byName;
    }
}
