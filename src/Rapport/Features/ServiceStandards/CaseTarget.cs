using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Features.Cases;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// One service-standard clock on a case: started at <see cref="StartedAt"/>, due after <see cref="Target"/> of running
/// time (business or wall-clock), not counting <see cref="PausedFor"/>. <see cref="DueAt"/> is set only while the clock
/// runs (or was met late and the breach is not yet recorded), which is what keeps the due-time indexes small.
/// </summary>
public sealed class CaseTarget
{
    public Guid CaseId { get; init; }
    public TargetKind Kind { get; init; }
    public Guid PolicyId { get; set; }
    public TimeSpan Target { get; set; }
    public bool BusinessHours { get; set; }
    public DateTime StartedAt { get; set; }
    public TimeSpan PausedFor { get; set; }
    public DateTime? PausedAt { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime? MetAt { get; set; }
    /// <summary>When the target was missed, once the sweeper has recorded it (a <see cref="ServiceBreach"/>).</summary>
    public DateTime? BreachedAt { get; set; }
    public DateTime? DueSoonNotifiedAt { get; set; }

    /// <summary>The due time whether or not the clock runs now (a paused clock's due time moves while it is paused).</summary>
    public DateTime DueIfRunning(BusinessCalendar clock) =>
        clock.Add(new DateTimeOffset(StartedAt, TimeSpan.Zero), Target + PausedFor).UtcDateTime;
}

/// <summary>A missed target, as recorded by the sweeper: audited, one per clock run.</summary>
public sealed class ServiceBreach : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public TargetKind Kind { get; init; }
    public Guid PolicyId { get; init; }
    public DateTime DueAt { get; init; }
    public DateTime RecordedAt { get; init; }

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "service-breach";
}

public sealed class CaseTargetConfiguration : IEntityTypeConfiguration<CaseTarget>
{
    public void Configure(EntityTypeBuilder<CaseTarget> b)
    {
        b.ToTable("case_targets");
        b.HasKey(t => new { t.CaseId, t.Kind });
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ServicePolicy>().WithMany().HasForeignKey(t => t.PolicyId).OnDelete(DeleteBehavior.Cascade);
        // Running clocks by due time: "due soon" and the breach sweep are range scans over this, however many cases are open.
        b.HasIndex(t => t.DueAt).HasDatabaseName("ix_case_targets_running")
            .HasFilter("\"DueAt\" IS NOT NULL AND \"BreachedAt\" IS NULL");
        // Breached clocks still open, newest breach first.
        b.HasIndex(t => t.BreachedAt).HasDatabaseName("ix_case_targets_breached")
            .HasFilter("\"DueAt\" IS NOT NULL AND \"BreachedAt\" IS NOT NULL AND \"MetAt\" IS NULL");
        b.HasIndex(t => t.PolicyId).HasDatabaseName("ix_case_targets_by_policy");
    }
}

public sealed class ServiceBreachConfiguration : IEntityTypeConfiguration<ServiceBreach>
{
    public void Configure(EntityTypeBuilder<ServiceBreach> b)
    {
        b.ToTable("service_breaches");
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        // One breach per clock run, however many nodes sweep.
        b.HasIndex(t => new { t.CaseId, t.Kind, t.DueAt }).IsUnique().HasDatabaseName("ux_service_breaches_per_run");
    }
}
