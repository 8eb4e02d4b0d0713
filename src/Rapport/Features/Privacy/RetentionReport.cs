namespace Rapport.Features.Privacy;

/// <summary>One line of a retention run's report: for one kind, what was done to how many items, by the policy of which date.</summary>
public sealed class RetentionReport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The run this line belongs to; a run writes one line per kind it applied.</summary>
    public Guid RunId { get; init; }
    public DateTime RanAt { get; init; }
    public RetentionKind Kind { get; init; }
    public RetentionAction Action { get; init; }
    public int Count { get; init; }
    /// <summary>Items past their period left alone because they are under legal hold.</summary>
    public int Held { get; init; }
    public int PeriodDays { get; init; }
    /// <summary>Items from before this instant were past their period.</summary>
    public DateTime CutOff { get; init; }
    /// <summary>When the policy applied was set.</summary>
    public DateTime PolicyOf { get; init; }
    /// <summary>"schedule", or the administrator who ran it.</summary>
    public required string RanBy { get; init; }
}
