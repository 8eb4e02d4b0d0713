using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.ServiceStandards;

/// <summary>Hand-computed cases for a London office open 09:00–17:30 on weekdays, with Christmas 2026.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly BusinessCalendar Office = BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"),
    [
        Holiday.Partial(new DateOnly(2026, 12, 24), "Christmas Eve", OpeningInterval.Parse("09:00-13:00")),
        Holiday.Closed(new DateOnly(2026, 12, 25), "Christmas Day"),
        Holiday.Closed(new DateOnly(2026, 12, 28), "Boxing Day (substitute)"),
    ]);

    // In November and December London is on GMT, so local time reads the same as UTC.
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(11, 25, 9, 0, true)]
    [InlineData(11, 25, 8, 59, false)]
    [InlineData(11, 25, 17, 29, true)]
    [InlineData(11, 25, 17, 30, false)] // the close is not open
    [InlineData(11, 28, 12, 0, false)] // Saturday
    [InlineData(12, 24, 12, 59, true)] // Christmas Eve, short day
    [InlineData(12, 24, 13, 0, false)]
    [InlineData(12, 25, 10, 0, false)]
    [InlineData(12, 28, 10, 0, false)] // substitute holiday on a Monday
    public void Is_open_follows_weekly_hours_and_holidays(int month, int day, int hour, int minute, bool open)
    {
        Assert.Equal(open, Office.IsOpen(Utc(month, day, hour, minute)));
    }

    [Fact]
    public void Is_open_reads_the_local_clock_in_summer_time()
    {
        // 1 June 2026: BST, so 09:00 local is 08:00 UTC.
        Assert.True(Office.IsOpen(Utc(6, 1, 8, 0)));
        Assert.False(Office.IsOpen(Utc(6, 1, 7, 59)));
        Assert.False(Office.IsOpen(Utc(6, 1, 16, 30)));
    }

    [Theory]
    [InlineData(11, 25, 16, 30, 120, 11, 26, 10, 0)] // one hour today, one tomorrow
    [InlineData(11, 27, 17, 0, 60, 11, 30, 9, 30)] // Friday 17:00 + 1 h: 30 min Friday, 30 min Monday
    [InlineData(11, 28, 11, 0, 30, 11, 30, 9, 30)] // from a Saturday
    [InlineData(11, 30, 9, 0, 5 * 510, 12, 4, 17, 30)] // five full days end at Friday's close, not Monday's opening
    [InlineData(12, 23, 17, 0, 300, 12, 29, 9, 30)] // 30 min Wed, 4 h Christmas Eve, closed 25–28, 30 min Tue
    [InlineData(11, 25, 6, 0, 1, 11, 25, 9, 1)] // before opening
    public void Add_steps_over_closed_time(int month, int day, int hour, int minute, int minutes, int eMonth, int eDay, int eHour, int eMinute)
    {
        Assert.Equal(Utc(eMonth, eDay, eHour, eMinute), Office.Add(Utc(month, day, hour, minute), TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Adding_zero_gives_the_start_back_even_when_closed()
    {
        Assert.Equal(Utc(11, 28, 11), Office.Add(Utc(11, 28, 11), TimeSpan.Zero));
    }

    [Fact]
    public void Negative_inputs_are_rejected_clearly()
    {
        Assert.Throws<ArgumentOutOfRangeException>("businessTime", () => Office.Add(Utc(11, 25, 10), TimeSpan.FromMinutes(-1)));
        Assert.Throws<ArgumentOutOfRangeException>("days", () => Office.AddBusinessDays(Utc(11, 25, 10), -1));
        Assert.Throws<ArgumentOutOfRangeException>("to", () => Office.Elapsed(Utc(11, 25, 10), Utc(11, 25, 9)));
    }

    [Fact]
    public void Elapsed_counts_only_opening_hours()
    {
        // Wed 23 Dec 12:00 → Tue 29 Dec 12:00: 5.5 h + 4 h (Christmas Eve) + 3 h.
        Assert.Equal(TimeSpan.FromHours(12.5), Office.Elapsed(Utc(12, 23, 12), Utc(12, 29, 12)));
        Assert.Equal(TimeSpan.Zero, Office.Elapsed(Utc(11, 28, 0), Utc(11, 30, 9)));
        Assert.Equal(TimeSpan.FromMinutes(15), Office.Elapsed(Utc(11, 25, 17, 15), Utc(11, 26, 8)));
    }

    [Theory]
    [InlineData(11, 28, 10, 0, 11, 30, 9, 0)] // Saturday → Monday
    [InlineData(11, 25, 10, 0, 11, 25, 10, 0)] // already open
    [InlineData(11, 25, 17, 30, 11, 26, 9, 0)] // at the close
    [InlineData(12, 24, 14, 0, 12, 29, 9, 0)] // after the short day, over Christmas
    public void Next_opening_is_the_first_open_instant_at_or_after(int month, int day, int hour, int minute, int eMonth, int eDay, int eHour, int eMinute)
    {
        Assert.Equal(Utc(eMonth, eDay, eHour, eMinute), Office.NextOpening(Utc(month, day, hour, minute)));
    }

    [Theory]
    [InlineData(11, 25, 14, 0, 5, 12, 2, 14, 0)] // same point of the day, five open days later
    [InlineData(11, 28, 10, 0, 1, 11, 30, 17, 30)] // a Saturday counts as the end of Friday
    [InlineData(11, 30, 7, 0, 1, 12, 1, 9, 0)] // before opening counts as the start of the day
    [InlineData(12, 23, 15, 0, 1, 12, 24, 13, 0)] // clamped to the short day's close
    [InlineData(12, 23, 15, 0, 2, 12, 29, 15, 0)]
    public void Add_business_days_keeps_the_point_in_the_business_day(int month, int day, int hour, int minute, int days, int eMonth, int eDay, int eHour, int eMinute)
    {
        Assert.Equal(Utc(eMonth, eDay, eHour, eMinute), Office.AddBusinessDays(Utc(month, day, hour, minute), days));
    }

    [Fact]
    public void Open_dates_and_closing_times_skip_holidays()
    {
        Assert.Equal(new DateOnly(2026, 12, 29), Office.OpenDateAfter(new DateOnly(2026, 12, 24), 1));
        Assert.Equal(new DateOnly(2026, 12, 2), Office.OpenDateAfter(new DateOnly(2026, 11, 25), 5));
        Assert.Equal(Utc(12, 24, 13), Office.ClosingTime(new DateOnly(2026, 12, 24)));
        Assert.Null(Office.ClosingTime(new DateOnly(2026, 12, 25)));
        Assert.Equal(Utc(6, 1, 16, 30), Office.ClosingTime(new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void An_interval_inside_the_skipped_hour_does_not_exist()
    {
        // 28 March 2027: London goes from 01:00 GMT straight to 02:00 BST.
        var sundayNight = SundayOnly("01:00-02:00");
        var spring = new DateTimeOffset(2027, 3, 28, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, sundayNight.Elapsed(spring, spring.AddDays(1)));
        Assert.Equal(TimeSpan.FromHours(1), sundayNight.Elapsed(spring.AddDays(-7), spring.AddDays(-6)));
    }

    [Fact]
    public void An_interval_over_the_repeated_hour_lasts_both_passes()
    {
        // 25 October 2026: 01:00–02:00 happens first in BST (00:00–01:00 UTC), then in GMT (01:00–02:00 UTC).
        var sundayNight = SundayOnly("01:00-02:00");
        var autumn = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromHours(2), sundayNight.Elapsed(autumn.AddHours(-2), autumn.AddDays(1)));
        Assert.True(sundayNight.IsOpen(autumn.AddMinutes(30)));
        Assert.True(sundayNight.IsOpen(autumn.AddMinutes(90)));
        Assert.False(sundayNight.IsOpen(autumn.AddMinutes(150)));
        Assert.Equal(autumn.AddHours(2), sundayNight.Add(autumn.AddHours(-2), TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData("00:00-03:00", 2027, 3, 28, 2)] // spring: 00:00–01:00 GMT then 02:00–03:00 BST
    [InlineData("00:00-03:00", 2026, 10, 25, 4)] // autumn: 00:00–02:00 BST then 01:00–03:00 GMT
    [InlineData("00:00-00:00", 2027, 3, 28, 23)]
    [InlineData("00:00-00:00", 2026, 10, 25, 25)]
    [InlineData("09:00-17:00", 2026, 10, 25, 8)]
    public void Business_time_on_a_clock_change_day_is_real_elapsed_time(string hours, int year, int month, int day, double expectedHours)
    {
        var calendar = SundayOnly(hours);
        var midnightBefore = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).AddHours(-3);
        Assert.Equal(TimeSpan.FromHours(expectedHours), calendar.Elapsed(midnightBefore, midnightBefore.AddDays(2)));
    }

    [Fact]
    public void A_night_shift_crossing_midnight_belongs_to_the_day_it_starts()
    {
        var nights = new BusinessCalendar(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Friday] = [OpeningInterval.Parse("22:00-02:00")],
        }, [Holiday.Closed(new DateOnly(2026, 11, 28), "A Saturday holiday does not cut Friday's night")]);

        Assert.Equal(Utc(11, 28, 1), nights.Add(Utc(11, 27, 23), TimeSpan.FromHours(2)));
        Assert.True(nights.IsOpen(Utc(11, 28, 1, 59)));
        Assert.False(nights.IsOpen(Utc(11, 28, 2)));
        Assert.Equal(TimeSpan.FromHours(4), nights.Elapsed(Utc(11, 27, 0), Utc(11, 29, 0)));
        Assert.Equal(Utc(12, 4, 22), nights.NextOpening(Utc(11, 28, 2)));
    }

    [Fact]
    public void Several_intervals_a_day_leave_the_lunch_break_closed()
    {
        var split = new BusinessCalendar(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Wednesday] = [OpeningInterval.Parse("14:00-18:00"), OpeningInterval.Parse("08:30-12:30")],
        });

        Assert.False(split.IsOpen(Utc(11, 25, 13)));
        Assert.Equal(Utc(11, 25, 14, 30), split.Add(Utc(11, 25, 12), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(8), split.Elapsed(Utc(11, 25, 0), Utc(11, 26, 0)));
    }

    [Fact]
    public void Invalid_definitions_name_the_field()
    {
        Assert.Equal("hours", Assert.Throws<InvalidInputException>(() => OpeningInterval.Parse("10:00-10:00")).Field);
        Assert.Equal("hours", Assert.Throws<InvalidInputException>(() => OpeningInterval.Parse("9 to 5")).Field);
        Assert.Equal("timeZone", Assert.Throws<InvalidInputException>(() => BusinessCalendar.FindZone("Europe/Atlantis")).Field);
        Assert.Equal("hours", Assert.Throws<InvalidInputException>(() =>
            new BusinessCalendar(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>())).Field);
        Assert.Equal("hours.Monday", Assert.Throws<InvalidInputException>(() =>
            new BusinessCalendar(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
            {
                [DayOfWeek.Monday] = [OpeningInterval.Parse("09:00-13:00"), OpeningInterval.Parse("12:00-17:00")],
            })).Field);
        Assert.Equal("hours.Monday", Assert.Throws<InvalidInputException>(() =>
            new BusinessCalendar(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
            {
                [DayOfWeek.Monday] = [OpeningInterval.Parse("22:00-08:00")],
                [DayOfWeek.Tuesday] = [OpeningInterval.Parse("07:00-12:00")],
            })).Field);
        Assert.Equal("holidays", Assert.Throws<InvalidInputException>(() =>
            BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:00"),
                [Holiday.Closed(new DateOnly(2026, 12, 25), "a"), Holiday.Closed(new DateOnly(2026, 12, 25), "b")])).Field);
    }

    [Fact]
    public void Wall_clock_times_resolve_across_clock_changes()
    {
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), ZonedClock.ToInstant(London, new DateOnly(2027, 3, 28), new TimeOnly(1, 30)));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ZonedClock.ToInstant(London, new DateOnly(2026, 10, 25), new TimeOnly(1, 30)));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero), ZonedClock.ToInstant(London, new DateOnly(2026, 6, 1), new TimeOnly(9, 0)));
    }

    private static BusinessCalendar SundayOnly(string hours) =>
        new(London, new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> { [DayOfWeek.Sunday] = [OpeningInterval.Parse(hours)] });
}
