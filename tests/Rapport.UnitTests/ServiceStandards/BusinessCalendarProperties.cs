using CsCheck;
using Rapport.Features.ServiceStandards;

namespace Rapport.UnitTests.ServiceStandards;

/// <summary>Laws of business-time arithmetic over random calendars in zones with awkward clock changes.</summary>
public sealed class BusinessCalendarProperties
{
    // Lord Howe moves by 30 minutes, Santiago changes at midnight, Chatham has a +12:45 offset, Kolkata never changes.
    private static readonly string[] Zones =
        ["Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "Asia/Kolkata", "UTC"];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<TimeZoneInfo> Zone = Gen.OneOfConst(Zones).Select(TimeZoneInfo.FindSystemTimeZoneById);

    // Up to three intervals a day on half-hour boundaries; with an odd number of points the last one crosses midnight.
    private static readonly Gen<OpeningInterval[]> Day =
        Gen.Int[0, 48].Array[0, 6].Select(points =>
        {
            var sorted = points.Distinct().Order().ToArray();
            var intervals = new List<OpeningInterval>();
            for (var i = 0; i + 1 < sorted.Length; i += 2)
            {
                intervals.Add(new OpeningInterval(HalfHour(sorted[i]), HalfHour(sorted[i + 1])));
            }

            if (sorted.Length % 2 == 1 && sorted.Length > 1 && sorted[^1] < 48)
            {
                intervals.Add(new OpeningInterval(HalfHour(sorted[^1]), HalfHour(sorted[0])));
            }

            return intervals.ToArray();
        });

    private static readonly Gen<BusinessCalendar> Calendar =
        Gen.Select(Zone, Day.Array[7], Gen.Int[0, 730].Array[0, 20], Day, (zone, week, holidayDays, partial) =>
        {
            if (week.All(d => d.Length == 0))
            {
                week[1] = [new OpeningInterval(new TimeOnly(9, 0), new TimeOnly(17, 0))];
            }

            // Tomorrow's first interval may not start before tonight's crossing interval ends; drop the crossing ones that would.
            for (var d = 0; d < 7; d++)
            {
                var next = week[(d + 1) % 7];
                week[d] = week[d].Where(i => !i.CrossesMidnight || next.Length == 0 || next[0].Open >= i.Close).ToArray();
            }

            if (week.All(d => d.Length == 0))
            {
                week[3] = [new OpeningInterval(new TimeOnly(10, 0), new TimeOnly(12, 0))];
            }

            var holidays = holidayDays.Distinct().Select((offset, n) =>
                new Holiday(DateOnly.FromDateTime(Epoch.DateTime).AddDays(offset), $"h{n}", n % 3 == 0 ? partial : []));
            return new BusinessCalendar(zone, Enumerable.Range(0, 7).ToDictionary(d => (DayOfWeek)d, d => (IReadOnlyList<OpeningInterval>)week[d]), holidays);
        });

    private static readonly Gen<DateTimeOffset> Instant = Gen.Long[0, 730L * 24 * 60].Select(m => Epoch.AddMinutes(m));

    private static readonly Gen<TimeSpan> Duration = Gen.Long[1, 20L * 24 * 60].Select(m => TimeSpan.FromMinutes(m));

    private static TimeOnly HalfHour(int n) => n == 48 ? TimeOnly.MinValue : new TimeOnly(n / 2, n % 2 * 30);

    [Fact]
    public void Elapsed_undoes_add()
    {
        Gen.Select(Calendar, Instant, Duration).Sample((calendar, t, d) => calendar.Elapsed(t, calendar.Add(t, d)) == d,
            iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Add_lands_in_opening_hours_or_at_the_end_of_an_interval()
    {
        Gen.Select(Calendar, Instant, Duration).Sample((calendar, t, d) =>
        {
            var end = calendar.Add(t, d);
            return end > t && calendar.IsOpen(end.AddTicks(-1));
        }, iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Add_is_monotonic_in_the_start_and_the_duration()
    {
        Gen.Select(Calendar, Instant, Instant, Duration, Duration).Sample((calendar, t1, t2, d1, d2) =>
        {
            var (early, late) = t1 <= t2 ? (t1, t2) : (t2, t1);
            var (shorter, longer) = d1 <= d2 ? (d1, d2) : (d2, d1);
            return calendar.Add(early, shorter) <= calendar.Add(late, shorter)
                && calendar.Add(early, shorter) <= calendar.Add(early, longer);
        }, iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Adding_in_two_steps_equals_adding_the_sum()
    {
        Gen.Select(Calendar, Instant, Duration, Duration).Sample((calendar, t, a, b) =>
            calendar.Add(calendar.Add(t, a), b) == calendar.Add(t, a + b), iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Elapsed_is_additive_and_never_more_than_wall_clock_time()
    {
        Gen.Select(Calendar, Instant, Duration, Duration).Sample((calendar, a, x, y) =>
        {
            var (b, c) = (a + x, a + x + y);
            var ab = calendar.Elapsed(a, b);
            return ab <= x && ab + calendar.Elapsed(b, c) == calendar.Elapsed(a, c);
        }, iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void A_calendar_open_around_the_clock_is_wall_clock_arithmetic()
    {
        Gen.Select(Zone, Instant, Duration).Sample((zone, t, d) =>
        {
            var always = BusinessCalendar.AlwaysOpen(zone);
            return always.Add(t, d) == t + d && always.Elapsed(t, t + d) == d && always.IsOpen(t) && always.NextOpening(t) == t;
        }, iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Next_opening_is_open_and_nothing_before_it_is()
    {
        Gen.Select(Calendar, Instant).Sample((calendar, t) =>
        {
            var next = calendar.NextOpening(t);
            return next >= t && calendar.IsOpen(next) && calendar.Elapsed(t, next) == TimeSpan.Zero;
        }, iter: PropertyRuns.Iterations / 5);
    }

    [Fact]
    public void Adding_business_days_is_monotonic_and_lands_on_an_open_date()
    {
        Gen.Select(Calendar, Instant, Instant, Gen.Int[1, 10]).Sample((calendar, t1, t2, n) =>
        {
            var (early, late) = t1 <= t2 ? (t1, t2) : (t2, t1);
            var a = calendar.AddBusinessDays(early, n);
            return a <= calendar.AddBusinessDays(late, n) && a > early
                && (calendar.IsOpen(a) || calendar.IsOpen(a.AddTicks(-1)));
        }, iter: PropertyRuns.Iterations / 5);
    }
}
