using System.Collections.Concurrent;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// Opening hours in a time zone: weekly intervals, closed days and holidays. Answers "is it open", "when is
/// N business hours after this", "how much business time between these" by stepping interval by interval.
/// A wall-clock interval means exactly the instants at which the local clock reads inside it, so on the night
/// the clocks go forward an interval inside the skipped hour is empty, and on the night they go back an
/// interval covering the repeated hour lasts an hour longer.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How far the arithmetic looks for an opening before deciding the calendar never opens.</summary>
    public const int MaxClosedDays = 3 * 366;

    private static readonly OpeningInterval[] AllDay = [new(TimeOnly.MinValue, TimeOnly.MinValue)];

    // Open stretches per local date; the calendar never changes, so they are computed once. Cleared rather than
    // evicted when full: a calendar is asked about a few years of dates at most.
    private const int CachedDates = 4096;

    private readonly OpeningInterval[][] weekly;
    private readonly Dictionary<DateOnly, Holiday> holidays;
    private readonly ConcurrentDictionary<DateOnly, long[]> piecesByDate = new();

    public BusinessCalendar(TimeZoneInfo timeZone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> weeklyHours, IEnumerable<Holiday>? holidays = null)
    {
        TimeZone = timeZone;
        weekly = new OpeningInterval[7][];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            weekly[(int)day] = weeklyHours.TryGetValue(day, out var hours) ? Sorted(hours, $"hours.{day}") : [];
        }

        if (weekly.All(d => d.Length == 0))
        {
            throw new InvalidInputException("hours", "A business calendar needs opening hours on at least one day of the week.");
        }

        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var tail = weekly[(int)day].Select(i => i.CloseTicksOnNextDay).DefaultIfEmpty(0).Max();
            var next = weekly[((int)day + 1) % 7];
            if (tail > 0 && next.Length > 0 && next[0].Open.Ticks < tail)
            {
                throw new InvalidInputException($"hours.{day}", $"The interval crossing midnight overlaps the first interval of {(DayOfWeek)(((int)day + 1) % 7)}.");
            }
        }

        this.holidays = [];
        foreach (var holiday in holidays ?? [])
        {
            if (!this.holidays.TryAdd(holiday.Date, holiday with { Hours = Sorted(holiday.Hours, "holidays") }))
            {
                throw new InvalidInputException("holidays", $"{holiday.Date:yyyy-MM-dd} is listed twice.");
            }
        }
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyCollection<Holiday> Holidays => holidays.Values;

    public IReadOnlyList<OpeningInterval> HoursOn(DayOfWeek day) => weekly[(int)day];

    /// <summary>Open around the clock every day: business time is wall-clock time.</summary>
    public static BusinessCalendar AlwaysOpen(TimeZoneInfo timeZone) =>
        new(timeZone, Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<OpeningInterval>)AllDay));

    /// <summary>The same hours on Monday to Friday, closed at weekends.</summary>
    public static BusinessCalendar Weekdays(TimeZoneInfo timeZone, OpeningInterval hours, IEnumerable<Holiday>? holidays = null) =>
        new(timeZone, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, _ => (IReadOnlyList<OpeningInterval>)[hours]), holidays);

    /// <summary>Finds an IANA (or Windows) zone id, naming the field when it is unknown.</summary>
    public static TimeZoneInfo FindZone(string id, string field = "timeZone")
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new InvalidInputException(field, $"'{id}' is not a known time zone.");
        }
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        var t = instant.UtcTicks;
        var date = LocalDate(instant);
        for (var d = date.AddDays(-1); d <= date.AddDays(1); d = d.AddDays(1))
        {
            var pieces = OpenPieces(d);
            for (var i = 0; i < pieces.Length; i += 2)
            {
                if (pieces[i] <= t && t < pieces[i + 1])
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The earliest instant by which <paramref name="businessTime"/> of opening hours has passed since
    /// <paramref name="start"/>: inside an interval, or at the end of one. Zero gives <paramref name="start"/> back.
    /// </summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, TimeSpan.Zero);
        var remaining = businessTime.Ticks;
        if (remaining == 0)
        {
            return start;
        }

        foreach (var (from, to) in OpenStretchesFrom(start.UtcTicks))
        {
            if (remaining <= to - from)
            {
                return Utc(from + remaining);
            }

            remaining -= to - from;
        }

        throw NeverOpens(start);
    }

    /// <summary>Opening hours between two instants; <paramref name="to"/> must not be before <paramref name="from"/>.</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The end must not be before the start ({from:O}).");
        }

        var end = to.UtcTicks;
        long total = 0;
        foreach (var (a, b) in OpenStretchesFrom(from.UtcTicks, stopAt: end))
        {
            if (a >= end)
            {
                break;
            }

            total += Math.Min(b, end) - a;
        }

        return TimeSpan.FromTicks(total);
    }

    /// <summary>The earliest instant at or after <paramref name="instant"/> at which the business is open.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant)
    {
        foreach (var (from, _) in OpenStretchesFrom(instant.UtcTicks))
        {
            return Utc(from);
        }

        throw NeverOpens(instant);
    }

    /// <summary>
    /// <paramref name="days"/> business days later: the same point in the business day (measured in business time
    /// since that day opened) on the Nth open day after <paramref name="start"/>'s. On a closed day, or after
    /// closing, the point is the end of the business day; on a shorter day it is clamped to that day's close.
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
        {
            return start;
        }

        var date = LocalDate(start);
        var pieces = OpenPieces(date);
        long point = 0;
        if (Total(pieces) == 0)
        {
            date = OpenDateBefore(date);
            point = Total(OpenPieces(date));
        }
        else
        {
            for (var i = 0; i < pieces.Length; i += 2)
            {
                point += Math.Max(0, Math.Min(pieces[i + 1], start.UtcTicks) - pieces[i]);
            }
        }

        var target = OpenPieces(OpenDateAfter(date, days));
        if (point == 0)
        {
            return Utc(target[0]);
        }

        point = Math.Min(point, Total(target));
        for (var i = 0; ; i += 2)
        {
            var length = target[i + 1] - target[i];
            if (point <= length)
            {
                return Utc(target[i] + point);
            }

            point -= length;
        }
    }

    /// <summary>The local date of an instant in the calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => ZonedClock.LocalDate(TimeZone, instant);

    public bool IsOpenOn(DateOnly date) => OpenPieces(date).Length > 0;

    /// <summary>The <paramref name="n"/>th open date after <paramref name="date"/> (n ≥ 1).</summary>
    public DateOnly OpenDateAfter(DateOnly date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var d = date;
        for (var closedRun = 0; n > 0; closedRun++)
        {
            if (closedRun > MaxClosedDays)
            {
                throw new InvalidOperationException($"The calendar does not open within {MaxClosedDays} days of {date:yyyy-MM-dd}.");
            }

            d = d.AddDays(1);
            if (IsOpenOn(d))
            {
                n--;
                closedRun = 0;
            }
        }

        return d;
    }

    /// <summary>The latest open date strictly before <paramref name="date"/>.</summary>
    public DateOnly OpenDateBefore(DateOnly date)
    {
        for (var i = 1; i <= MaxClosedDays; i++)
        {
            if (IsOpenOn(date.AddDays(-i)))
            {
                return date.AddDays(-i);
            }
        }

        throw new InvalidOperationException($"The calendar was not open within {MaxClosedDays} days before {date:yyyy-MM-dd}.");
    }

    /// <summary>When business ends on a local date, or null when closed all that date.</summary>
    public DateTimeOffset? ClosingTime(DateOnly date)
    {
        var pieces = OpenPieces(date);
        return pieces.Length == 0 ? null : Utc(pieces[^1]);
    }

    /// <summary>When business starts on a local date, or null when closed all that date.</summary>
    public DateTimeOffset? OpeningTime(DateOnly date)
    {
        var pieces = OpenPieces(date);
        return pieces.Length == 0 ? null : Utc(pieces[0]);
    }

    /// <summary>The open stretches from an instant onward, in order, the first clipped to start at it.</summary>
    private IEnumerable<(long From, long To)> OpenStretchesFrom(long start, long stopAt = long.MaxValue)
    {
        // The day before too: where the clocks go back across midnight, its last instants come after this date's first.
        var date = LocalDate(Utc(start)).AddDays(-1);
        for (var closedRun = 0; closedRun <= MaxClosedDays; date = date.AddDays(1))
        {
            var pieces = OpenPieces(date);
            closedRun = pieces.Length == 0 ? closedRun + 1 : 0;
            for (var i = 0; i < pieces.Length; i += 2)
            {
                if (pieces[i + 1] > start)
                {
                    yield return (Math.Max(pieces[i], start), pieces[i + 1]);
                }
            }

            if (pieces.Length > 0 && pieces[^1] >= stopAt)
            {
                yield break;
            }
        }
    }

    /// <summary>The open stretches of one local date as UTC ticks [from0, to0, from1, to1, …], sorted and merged.</summary>
    private long[] OpenPieces(DateOnly date)
    {
        if (piecesByDate.TryGetValue(date, out var cached))
        {
            return cached;
        }

        if (piecesByDate.Count >= CachedDates)
        {
            piecesByDate.Clear();
        }

        return piecesByDate[date] = ComputeOpenPieces(date);
    }

    private long[] ComputeOpenPieces(DateOnly date)
    {
        var local = LocalIntervals(date);
        if (local.Count == 0)
        {
            return [];
        }

        var midnight = date.ToDateTime(TimeOnly.MinValue).Ticks;
        var utc = new List<(long From, long To)>(local.Count + 1);
        foreach (var (start, end, offset) in ZonedClock.OffsetSegments(TimeZone, date))
        {
            foreach (var (open, close) in local)
            {
                var from = Math.Max(midnight + open, start + offset);
                var to = Math.Min(midnight + close, end + offset);
                if (from < to)
                {
                    utc.Add((from - offset, to - offset));
                }
            }
        }

        utc.Sort();
        var merged = new List<long>(utc.Count * 2);
        foreach (var (from, to) in utc)
        {
            if (merged.Count > 0 && from <= merged[^1])
            {
                merged[^1] = Math.Max(merged[^1], to);
            }
            else
            {
                merged.Add(from);
                merged.Add(to);
            }
        }

        return [.. merged];
    }

    /// <summary>The wall-clock stretches of a date in ticks after its midnight, with the previous day's stretch that crosses midnight.</summary>
    private List<(long Open, long Close)> LocalIntervals(DateOnly date)
    {
        var result = new List<(long, long)>(3);
        foreach (var interval in RulesFor(date.AddDays(-1)))
        {
            if (interval.CloseTicksOnNextDay > 0)
            {
                result.Add((0, interval.CloseTicksOnNextDay));
            }
        }

        foreach (var interval in RulesFor(date))
        {
            result.Add((interval.Open.Ticks, interval.CloseTicksOnOwnDay));
        }

        return result;
    }

    private OpeningInterval[] RulesFor(DateOnly date) =>
        holidays.TryGetValue(date, out var holiday) ? (OpeningInterval[])holiday.Hours : weekly[(int)date.DayOfWeek];

    private static OpeningInterval[] Sorted(IEnumerable<OpeningInterval> hours, string field)
    {
        var sorted = hours.OrderBy(h => h.Open).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Open.Ticks < sorted[i - 1].CloseTicksOnOwnDay)
            {
                throw new InvalidInputException(field, $"Opening intervals {sorted[i - 1]} and {sorted[i]} overlap.");
            }
        }

        return sorted;
    }

    private static long Total(long[] pieces)
    {
        long total = 0;
        for (var i = 0; i < pieces.Length; i += 2)
        {
            total += pieces[i + 1] - pieces[i];
        }

        return total;
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);

    private InvalidOperationException NeverOpens(DateTimeOffset from) =>
        new($"The calendar does not open within {MaxClosedDays} days of {from:O}.");
}
