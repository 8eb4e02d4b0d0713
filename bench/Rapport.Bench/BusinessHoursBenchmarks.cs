using BenchmarkDotNet.Attributes;
using Rapport.Features.ServiceStandards;

namespace Rapport.Bench;

/// <summary>Every SLA target and promise due time goes through this arithmetic; it steps interval by interval.</summary>
[MemoryDiagnoser]
public class BusinessHoursBenchmarks
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private readonly BusinessCalendar office = BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"),
    [
        Holiday.Partial(new DateOnly(2026, 12, 24), "Christmas Eve", OpeningInterval.Parse("09:00-13:00")),
        Holiday.Closed(new DateOnly(2026, 12, 25), "Christmas Day"),
        Holiday.Closed(new DateOnly(2026, 12, 28), "Boxing Day (substitute)"),
    ]);

    private readonly DateTimeOffset wednesday = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    [Benchmark]
    public DateTimeOffset AddFourBusinessHours() => office.Add(wednesday, TimeSpan.FromHours(4));

    [Benchmark]
    public DateTimeOffset AddFiveBusinessDaysOfHours() => office.Add(wednesday, TimeSpan.FromHours(5 * 8.5));

    [Benchmark]
    public DateTimeOffset AddFiveBusinessDays() => office.AddBusinessDays(wednesday, 5);

    [Benchmark]
    public TimeSpan ElapsedOverChristmasMonth() => office.Elapsed(wednesday, wednesday.AddDays(35));

    [Benchmark]
    public bool IsOpen() => office.IsOpen(wednesday);
}
