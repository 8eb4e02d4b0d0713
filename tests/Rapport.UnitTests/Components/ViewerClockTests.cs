using Microsoft.Extensions.Time.Testing;
using Rapport.Components;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Components;

/// <summary>
/// Pages write instants in the viewer's zone with the zone named by its offset. Europe/London changes on the last
/// Sundays of March (01:00 UTC, to GMT+1) and October (01:00 UTC, back to GMT): the hour skipped and the hour repeated
/// must read correctly and distinctly. Needs the system's tz database (Debian's tzdata: /usr/share/zoneinfo).
/// </summary>
public sealed class ViewerClockTests
{
    private static readonly TimeZoneInfo London = TimeZones.Find("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York");

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static ViewerClock ClockIn(TimeZoneInfo zone)
    {
        var clock = new ViewerClock();
        clock.Use(zone, isOrganisations: false);
        return clock;
    }

    [Theory]
    // Spring forward, Sunday 29 March 2026: 00:59 GMT is followed by 02:00 BST.
    [InlineData(2026, 3, 29, 0, 59, "29 Mar 2026, 00:59 GMT")]
    [InlineData(2026, 3, 29, 1, 0, "29 Mar 2026, 02:00 GMT+1")]
    [InlineData(2026, 3, 28, 23, 30, "28 Mar 2026, 23:30 GMT")]
    // Fall back, Sunday 25 October 2026: 01:30 happens twice, told apart by the zone's name.
    [InlineData(2026, 10, 25, 0, 30, "25 Oct 2026, 01:30 GMT+1")]
    [InlineData(2026, 10, 25, 1, 30, "25 Oct 2026, 01:30 GMT")]
    [InlineData(2026, 10, 24, 23, 30, "25 Oct 2026, 00:30 GMT+1")]
    [InlineData(2026, 12, 5, 14, 3, "5 Dec 2026, 14:03 GMT")]
    [InlineData(2026, 7, 1, 12, 0, "1 Jul 2026, 13:00 GMT+1")]
    public void London_times_follow_the_clock_changes(int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, ClockIn(London).DateTime(Utc(year, month, day, hour, minute)));

    [Theory]
    [InlineData("America/New_York", 2026, 12, 5, 14, 3, "5 Dec 2026, 09:03 GMT-5")]
    [InlineData("America/New_York", 2026, 7, 1, 14, 3, "1 Jul 2026, 10:03 GMT-4")]
    [InlineData("Asia/Kolkata", 2026, 12, 5, 14, 3, "5 Dec 2026, 19:33 GMT+5:30")]
    [InlineData("Asia/Kathmandu", 2026, 12, 5, 14, 3, "5 Dec 2026, 19:48 GMT+5:45")]
    [InlineData("Pacific/Auckland", 2026, 12, 5, 14, 3, "6 Dec 2026, 03:03 GMT+13")]
    [InlineData("UTC", 2026, 12, 5, 14, 3, "5 Dec 2026, 14:03 GMT")]
    public void Other_zones_are_converted_and_named(string zone, int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, ViewerClock.Format(Utc(year, month, day, hour, minute), TimeZones.Find(zone)));

    [Fact]
    public void The_date_of_an_instant_is_the_viewers_day_even_at_midnight_utc()
    {
        var clock = ClockIn(NewYork);
        Assert.Equal("4 Dec 2026", clock.Date(Utc(2026, 12, 5, 3, 0)));
        Assert.Equal("4 Dec 2026", clock.Date(Utc(2026, 12, 5, 0, 0)));
        Assert.Equal("—", clock.Date(null));
    }

    [Fact]
    public void A_date_given_without_a_time_stays_that_date_and_an_instant_in_the_same_field_is_the_viewers_day()
    {
        var clock = ClockIn(NewYork);
        Assert.Equal("5 Dec 2026", clock.GivenDate(Utc(2026, 12, 5, 0, 0)));
        Assert.Equal("4 Dec 2026", clock.GivenDate(Utc(2026, 12, 5, 3, 0)));
    }

    [Fact]
    public void Days_ago_are_counted_in_the_viewers_days()
    {
        var now = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero)); // 22:00 on 4 Dec in New York
        var yesterdayEvening = Utc(2026, 12, 4, 1, 0); // 20:00 on 3 Dec in New York, 01:00 on 4 Dec in London

        Assert.Equal("yesterday", ClockIn(NewYork).Ago(yesterdayEvening, now.GetUtcNow().UtcDateTime));
        Assert.Equal("yesterday", ClockIn(London).Ago(yesterdayEvening, now.GetUtcNow().UtcDateTime));
        Assert.Equal("today", ClockIn(NewYork).Ago(Utc(2026, 12, 4, 6, 0), now.GetUtcNow().UtcDateTime));
        Assert.Equal("yesterday", ClockIn(London).Ago(Utc(2026, 12, 4, 6, 0), now.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public void The_machine_readable_instant_is_utc_and_a_time_without_a_kind_is_taken_as_utc()
    {
        Assert.Equal("2026-12-05T14:03:00Z", ViewerClock.Iso(Utc(2026, 12, 5, 14, 3)));
        Assert.Equal("2026-12-05T14:03:00Z", ViewerClock.Iso(new DateTime(2026, 12, 5, 14, 3, 0, DateTimeKind.Unspecified)));
        Assert.Equal("5 Dec 2026, 14:03 UTC · America/New_York", ClockIn(NewYork).Detail(Utc(2026, 12, 5, 14, 3)));
    }

    [Fact]
    public void Until_the_viewers_zone_is_known_times_are_utc_and_named_so()
    {
        var clock = new ViewerClock();
        Assert.False(clock.IsSet);
        Assert.Equal("5 Dec 2026, 14:03 GMT", clock.DateTime(Utc(2026, 12, 5, 14, 3)));
    }

    [Fact]
    public void Utc_instants_written_into_text_are_found_and_the_rest_kept()
    {
        var parts = TextWithLocalTimes.Parts("Your promise to Ana is due 2026-12-05 14:03:00Z: call back (ref 2026-12-05).").ToList();

        Assert.Equal(3, parts.Count);
        Assert.Equal(("Your promise to Ana is due ", (DateTime?)null), parts[0]);
        Assert.Equal(Utc(2026, 12, 5, 14, 3), parts[1].At);
        Assert.Equal(DateTimeKind.Utc, parts[1].At!.Value.Kind);
        Assert.Equal(": call back (ref 2026-12-05).", parts[2].Text);
        Assert.Equal(Utc(2026, 3, 29, 1, 0), TextWithLocalTimes.Parts("at 2026-03-29T01:00:00.0000000Z").Single(p => p.At is not null).At);
        Assert.Single(TextWithLocalTimes.Parts("no time here, only 14:03"));
    }

    [Fact]
    public void Zones_are_iana_ids_and_an_unknown_one_names_the_field()
    {
        Assert.Contains("Europe/London", TimeZones.All);
        Assert.Contains("America/New_York", TimeZones.All);
        Assert.Equal("America/New_York", TimeZones.Find("Eastern Standard Time").Id);
        Assert.Equal("timeZone", Assert.Throws<InvalidInputException>(() => TimeZones.Find("Mars/Olympus_Mons")).Field);
        Assert.Equal("timeZone", Assert.Throws<InvalidInputException>(() => TimeZones.Find(" ")).Field);
        Assert.Null(TimeZones.TryFind("Nowhere/Atlantis"));
    }
}
