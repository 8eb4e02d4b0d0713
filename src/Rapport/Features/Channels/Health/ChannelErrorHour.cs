using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Channels.Health;

/// <summary>
/// How many errors a mailbox or channel account had in one clock hour. At most 25 rows per channel are kept (older ones
/// are deleted as new errors arrive), so the count over the last 24 hours needs no unbounded log.
/// </summary>
public sealed class ChannelErrorHour
{
    /// <summary>The mailbox's or channel account's id.</summary>
    public Guid ChannelId { get; init; }
    /// <summary>Hours since the Unix epoch.</summary>
    public long Hour { get; init; }
    public int Count { get; init; }

    public static long HourOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;
}

public sealed class ChannelErrorHourConfiguration : IEntityTypeConfiguration<ChannelErrorHour>
{
    public void Configure(EntityTypeBuilder<ChannelErrorHour> b)
    {
        b.ToTable("channel_error_hours");
        b.HasKey(e => new { e.ChannelId, e.Hour });
    }
}
