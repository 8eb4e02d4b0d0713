namespace Rapport.Features.ServiceStandards;

/// <summary>Conversions between instants and a zone's wall clock that stay defined across DST changes.</summary>
public static class ZonedClock
{
    private static readonly long Window = TimeSpan.FromHours(18).Ticks;

    public static DateTime LocalDateTime(TimeZoneInfo zone, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(LocalDateTime(zone, instant));

    /// <summary>
    /// The instant a wall clock in <paramref name="zone"/> shows <paramref name="time"/> on <paramref name="date"/>.
    /// A time repeated when the clocks go back is its first occurrence; a time skipped when they go forward is
    /// moved forward by the length of the gap (01:30 on a spring-forward night in London is 02:30 BST).
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time).Ticks;
        var before = OffsetAt(zone, local - TimeSpan.TicksPerDay);
        var after = OffsetAt(zone, local + TimeSpan.TicksPerDay);
        var first = local - before;
        var second = local - after;
        var firstValid = OffsetAt(zone, first) == before;
        var secondValid = OffsetAt(zone, second) == after;
        var utc = (firstValid, secondValid) switch
        {
            (true, true) => Math.Min(first, second),
            (true, false) => first,
            (false, true) => second,
            _ => first,
        };
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    internal static long OffsetAt(TimeZoneInfo zone, long utcTicks) =>
        zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    /// <summary>
    /// The stretches of UTC around a local date during which the zone's offset is constant: (start, end, offset)
    /// with start and end in UTC ticks, covering every instant whose local date is <paramref name="date"/>.
    /// </summary>
    internal static List<(long Start, long End, long Offset)> OffsetSegments(TimeZoneInfo zone, DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue).Ticks;
        var lo = midnight - Window;
        var hi = midnight + TimeSpan.TicksPerDay + Window;
        var changes = new List<long>();
        FindChanges(zone, lo, midnight + (TimeSpan.TicksPerDay / 2), changes);
        FindChanges(zone, midnight + (TimeSpan.TicksPerDay / 2), hi, changes);

        var segments = new List<(long, long, long)>(changes.Count + 1);
        var start = lo;
        foreach (var change in changes)
        {
            segments.Add((start, change, OffsetAt(zone, start)));
            start = change;
        }

        segments.Add((start, hi, OffsetAt(zone, start)));
        return segments;
    }

    // Offsets change at most once in a 30-hour stretch in every zone in use, so comparing the two ends finds each change.
    private static void FindChanges(TimeZoneInfo zone, long lo, long hi, List<long> changes)
    {
        var offsetLo = OffsetAt(zone, lo);
        if (offsetLo == OffsetAt(zone, hi))
        {
            return;
        }

        // Smallest instant whose offset differs from lo's, to the second (transitions fall on whole seconds).
        var a = lo / TimeSpan.TicksPerSecond;
        var b = hi / TimeSpan.TicksPerSecond;
        while (b - a > 1)
        {
            var mid = a + ((b - a) / 2);
            if (OffsetAt(zone, mid * TimeSpan.TicksPerSecond) == offsetLo)
            {
                a = mid;
            }
            else
            {
                b = mid;
            }
        }

        changes.Add(b * TimeSpan.TicksPerSecond);
    }
}
