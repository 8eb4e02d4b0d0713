namespace Rapport.Features.Privacy;

/// <summary>One kind's period: null days keeps it forever. <c>covers</c> says what the kind includes and what retention does to it.</summary>
public sealed record RetentionPeriodDto(RetentionKind Kind, int? Days, RetentionAction Action, string Covers);

/// <summary>The retention policy: a period per kind, and when and by whom it was last set.</summary>
public sealed record RetentionPolicyDto(IReadOnlyList<RetentionPeriodDto> Periods, DateTime? UpdatedAt, string? UpdatedByName);

/// <summary>
/// Sets every period at once, in days (1 to 36,500); a missing or null period keeps that kind forever. The change is
/// audited and later runs name the date it was made.
/// </summary>
public sealed record SetRetentionPolicyRequest(int? MessagesDays = null, int? AttachmentsDays = null, int? CallRecordingsDays = null,
    int? AuditEntriesDays = null, int? ClosedCasesDays = null);

/// <summary>What a run did (or a preview would do) to one kind: how many items, which action, and how many were held back by legal holds.</summary>
public sealed record RetentionItemDto(RetentionKind Kind, RetentionAction Action, int Count, int Held, int PeriodDays, DateTime CutOff, string? Note);

/// <summary>A retention run's report, or a dry-run preview (dryRun true: nothing was changed and no report was kept).</summary>
public sealed record RetentionRunDto(Guid? RunId, DateTime RanAt, DateTime? PolicyOf, string RanBy, bool DryRun, IReadOnlyList<RetentionItemDto> Items);
