using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// How one run of a service-standard clock ended: the first response or the resolution given, or the customer updated
/// (which restarts the update clock). Appended when the run ends and never changed, because a <see cref="CaseTarget"/>
/// row is reused by the next run and so forgets how the last one went; the dashboards count these.
/// </summary>
public sealed class ServiceClockOutcome
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public TargetKind Kind { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime EndedAt { get; init; }
    /// <summary>The running time the target was measured against (business or wall-clock, pauses left out), in seconds.</summary>
    public double TookSeconds { get; init; }
    public double TargetSeconds { get; init; }
    public bool OnTime { get; init; }

    internal static ServiceClockOutcome Ended(CaseTarget run, DateTime endedAt, BusinessCalendar clock)
    {
        var took = clock.Elapsed(new DateTimeOffset(run.StartedAt, TimeSpan.Zero), new DateTimeOffset(endedAt, TimeSpan.Zero)) - run.PausedFor;
        var due = run.DueIfRunning(clock);
        return new ServiceClockOutcome
        {
            CaseId = run.CaseId,
            Kind = run.Kind,
            StartedAt = run.StartedAt,
            EndedAt = endedAt,
            TookSeconds = Math.Max(0, took.TotalSeconds),
            TargetSeconds = run.Target.TotalSeconds,
            OnTime = run.BreachedAt is null && endedAt <= due,
        };
    }
}

public sealed class ServiceClockOutcomeConfiguration : IEntityTypeConfiguration<ServiceClockOutcome>
{
    public void Configure(EntityTypeBuilder<ServiceClockOutcome> b)
    {
        b.ToTable("service_clock_outcomes");
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Case>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Cascade);
        // The dashboards roll up a day at a time: a range scan by when runs ended.
        b.HasIndex(o => o.EndedAt).HasDatabaseName("ix_service_clock_outcomes_by_end");
        b.HasIndex(o => o.CaseId).HasDatabaseName("ix_service_clock_outcomes_by_case");
    }
}
