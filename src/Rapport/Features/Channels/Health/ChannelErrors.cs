using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Health;

/// <summary>Counts a channel's errors per hour and reads the count over the last 24 hours.</summary>
public static class ChannelErrors
{
    public const int WindowHours = 24;

    /// <summary>
    /// Adds one error to this hour's count in one statement (an upsert, so two nodes counting at once lose nothing) and
    /// forgets hours that have left the window. Runs in the caller's transaction when one is open.
    /// </summary>
    public static async Task CountAsync(RapportDbContext db, Guid channelId, DateTimeOffset now, CancellationToken ct)
    {
        var hour = ChannelErrorHour.HourOf(now);
        var entity = db.Model.FindEntityType(typeof(ChannelErrorHour))!;
        await using var carrier = db.Database.GetDbConnection().CreateCommand();
        var id = ((RelationalTypeMapping)entity.FindProperty(nameof(ChannelErrorHour.ChannelId))!.GetTypeMapping()).CreateParameter(carrier, "id", channelId);
        var at = ((RelationalTypeMapping)entity.FindProperty(nameof(ChannelErrorHour.Hour))!.GetTypeMapping()).CreateParameter(carrier, "hour", hour);
        // The same upsert syntax in SQLite (3.24+) and PostgreSQL.
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO channel_error_hours ("ChannelId", "Hour", "Count") VALUES (@id, @hour, 1) ON CONFLICT ("ChannelId", "Hour") DO UPDATE SET "Count" = channel_error_hours."Count" + 1""",
            [id, at], ct);
        var oldest = hour - WindowHours;
        await db.Set<ChannelErrorHour>().Where(e => e.ChannelId == channelId && e.Hour <= oldest).ExecuteDeleteAsync(ct);
    }

    /// <summary>Errors of each channel in the last 24 hours (the current hour and the 23 before it); channels without errors are left out.</summary>
    public static async Task<Dictionary<Guid, int>> Last24HoursAsync(RapportDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var from = ChannelErrorHour.HourOf(now) - WindowHours + 1;
        return await db.Set<ChannelErrorHour>().AsNoTracking().Where(e => e.Hour >= from)
            .GroupBy(e => e.ChannelId).Select(g => new { g.Key, Count = g.Sum(e => e.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    public static Task ForgetAsync(RapportDbContext db, Guid channelId, CancellationToken ct) =>
        db.Set<ChannelErrorHour>().Where(e => e.ChannelId == channelId).ExecuteDeleteAsync(ct);
}
