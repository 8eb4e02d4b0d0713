using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Dashboards;

/// <summary>
/// Where the rollup stands, one row: when it last ran (the watermark the next run counts back from) and the lease that
/// lets one node at a time roll up when several share PostgreSQL.
/// </summary>
public sealed class RollupState
{
    public const int TheOne = 1;

    public int Id { get; init; } = TheOne;
    /// <summary>The time the last completed run rolled up to; null before the first run, which rolls up all history.</summary>
    public DateTime? RolledUpTo { get; set; }
    public DateTime? LeasedUntil { get; set; }
}

public sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> b)
    {
        b.ToTable("dashboard_rollup_state");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasData(new RollupState());
    }
}
