using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// The organisation's working hours, holidays and time zone: what service-standard targets and promise due times are
/// measured in. Administrators set them (<see cref="ServiceSettings"/>); until they do, weekdays 09:00–17:30 in
/// Europe/London.
/// </summary>
public static class OrganisationCalendar
{
    /// <summary>How long another node may go on using a calendar changed elsewhere; a change on this node is seen at once.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    // Per database (tests run several in one process), built once and reused: BusinessCalendar caches its own days.
    private static readonly ConcurrentDictionary<string, (BusinessCalendar Calendar, long LoadedAt)> Cache = new();

    public static BusinessCalendar Default { get; } = BusinessCalendar.Weekdays(
        BusinessCalendar.FindZone("Europe/London"), new OpeningInterval(new TimeOnly(9, 0), new TimeOnly(17, 30)));

    public static async Task<BusinessCalendar> LoadAsync(RapportDbContext db, CancellationToken ct)
    {
        var key = CacheKey(db);
        if (Cache.TryGetValue(key, out var cached) && Stopwatch.GetElapsedTime(cached.LoadedAt) < CacheLifetime)
        {
            return cached.Calendar;
        }

        var stored = await db.Set<ServiceSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == ServiceSettings.SingletonId, ct);
        var calendar = stored?.ToCalendar() ?? Default;
        Cache[key] = (calendar, Stopwatch.GetTimestamp());
        return calendar;
    }

    /// <summary>Forgets this node's copy after the calendar was changed, so the next load reads the new one.</summary>
    public static void Invalidate(RapportDbContext db) => Cache.TryRemove(CacheKey(db), out _);

    private static string CacheKey(RapportDbContext db) => db.Database.GetConnectionString() ?? "";
}
