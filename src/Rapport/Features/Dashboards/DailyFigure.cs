using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Dashboards;

/// <summary>
/// One number of the daily rollup the dashboards read: for a UTC day, a metric (<see cref="Metrics"/>) and a key within
/// it (a cause, a channel, a score, on time or late), the count of facts and the sums of their values and targets — per
/// team and agent, <see cref="Guid.Empty"/> standing for none, and once more for the whole organisation
/// (<see cref="WholeOrganisation"/> as both team and agent). Charts add these up; they never count the facts themselves.
/// </summary>
public sealed class DailyFigure
{
    /// <summary>
    /// Team and agent of the organisation's totals. Without them the organisation's chart over a year added up every
    /// team's and agent's rows (p95 ~200 ms at 100 agents); with them it reads one row per day and key.
    /// </summary>
    public static readonly Guid WholeOrganisation = new("ffffffff-ffff-ffff-ffff-ffffffffffff");

    public DateOnly Day { get; init; }
    public required string Metric { get; init; }
    public string Key { get; init; } = "";
    public Guid TeamId { get; init; }
    public Guid AgentId { get; init; }
    public long Count { get; init; }
    /// <summary>The sum of the measured values (seconds taken, scores); averages are <c>Value / Count</c>.</summary>
    public double Value { get; init; }
    /// <summary>The sum of the targets the values were measured against, in the same unit.</summary>
    public double Target { get; init; }
}

public sealed class DailyFigureConfiguration : IEntityTypeConfiguration<DailyFigure>
{
    public const int MetricMaxLength = 40;
    public const int KeyMaxLength = 100;

    public void Configure(EntityTypeBuilder<DailyFigure> b)
    {
        b.ToTable("dashboard_daily_figures");
        // The organisation's chart: one range scan over its totals' days.
        b.HasKey(f => new { f.Metric, f.TeamId, f.AgentId, f.Day, f.Key });
        b.Property(f => f.Metric).HasMaxLength(MetricMaxLength);
        b.Property(f => f.Key).HasMaxLength(KeyMaxLength);
        // A team's chart and an agent's chart: a range scan each.
        b.HasIndex(f => new { f.TeamId, f.Metric, f.Day }).HasDatabaseName("ix_dashboard_daily_figures_by_team");
        b.HasIndex(f => new { f.AgentId, f.Metric, f.Day }).HasDatabaseName("ix_dashboard_daily_figures_by_agent");
        // A rollup replaces one day's figures.
        b.HasIndex(f => f.Day).HasDatabaseName("ix_dashboard_daily_figures_by_day");
    }
}
