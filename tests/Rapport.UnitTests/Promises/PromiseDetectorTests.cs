using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;

namespace Rapport.UnitTests.Promises;

/// <summary>Due times read relative to a fixed clock, in the customer's zone, with the business calendar.</summary>
public sealed class PromiseDetectorTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly BusinessCalendar Office = BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"));

    private static PromiseCandidate Single(string message, DateTimeOffset now, TimeZoneInfo? customer = null) =>
        Assert.Single(PromiseDetector.Detect(message, new PromiseContext(now, customer ?? London, Office)));

    private static DateTimeOffset Local(TimeZoneInfo zone, int year, int month, int day, int hour, int minute = 0) =>
        ZonedClock.ToInstant(zone, new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Fact]
    public void Tomorrow_morning_is_nine_the_next_day_in_the_customers_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 22, 0, 0, TimeSpan.Zero));
        var london = Single("I'll call you back tomorrow morning.", clock.GetUtcNow());
        Assert.Equal(Local(London, 2026, 11, 26, 9), london.Due);
        Assert.Equal("tomorrow morning", london.DueText);
        Assert.Equal("call you back", london.What);

        // 17:00 in New York is 22:00 in London: "tomorrow" is the customer's tomorrow.
        Assert.Equal(Local(NewYork, 2026, 11, 26, 9), Single("I'll call you back tomorrow morning.", clock.GetUtcNow(), NewYork).Due);
    }

    [Fact]
    public void Working_days_skip_the_weekend_and_end_at_close_of_business()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
        var promise = Single("We will refund you within 5 working days.", friday);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 17, 30, 0, TimeSpan.Zero), promise.Due);
        Assert.Equal("refund you", promise.What);
        Assert.Equal("within 5 working days", promise.DueText);
    }

    [Fact]
    public void Business_hours_are_counted_by_the_calendar_and_plain_hours_by_the_clock()
    {
        var friday = new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), Single("I'll get back to you within 2 business hours.", friday).Due);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 30, 0, TimeSpan.Zero), Single("I'll get back to you in 2 hours.", friday).Due);
    }

    [Theory]
    [InlineData("You'll hear from me by Friday.", 2026, 11, 27, 17, 30)] // Wednesday → this Friday's close
    [InlineData("I'll send it next Friday.", 2026, 12, 4, 17, 30)] // Friday of next week
    [InlineData("We'll send the brochure next week.", 2026, 12, 4, 17, 30)]
    [InlineData("I'll confirm by 3 December.", 2026, 12, 3, 17, 30)]
    [InlineData("I'll confirm by December 3rd.", 2026, 12, 3, 17, 30)]
    [InlineData("I'll confirm by 20 January.", 2027, 1, 20, 17, 30)] // already past this year
    [InlineData("I will send the voucher today.", 2026, 11, 25, 17, 30)]
    [InlineData("I'll update you by the end of the day.", 2026, 11, 25, 17, 30)]
    [InlineData("I'll call you at 10am.", 2026, 11, 26, 10, 0)] // 10:00 has passed: tomorrow
    [InlineData("I'll call you at 4:30.", 2026, 11, 25, 16, 30)]
    [InlineData("I'll post it on Sunday.", 2026, 11, 29, 23, 59)] // closed that day: end of the customer's day
    public void Due_expressions_resolve_from_a_wednesday_morning(string sentence, int year, int month, int day, int hour, int minute)
    {
        var wednesday = new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero), Single(sentence, wednesday).Due);
    }

    [Fact]
    public void Today_after_closing_is_the_end_of_the_customers_day()
    {
        var evening = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 23, 59, 0, TimeSpan.Zero), Single("I will send the voucher today.", evening).Due);
    }

    [Fact]
    public void Tomorrow_morning_across_the_clock_change_is_nine_local()
    {
        // Saturday 24 October 2026 in BST; Sunday the 25th is in GMT.
        var saturday = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero), Single("I'll call you tomorrow morning.", saturday).Due);
    }

    [Fact]
    public void A_promise_without_a_time_is_proposed_without_a_due()
    {
        var promise = Single("I'll send you a prepaid returns label shortly.", new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero));
        Assert.Null(promise.Due);
        Assert.Equal("shortly", promise.DueText);
    }

    [Fact]
    public void Only_the_promises_of_a_longer_message_are_proposed_with_their_offsets()
    {
        const string message = """
            Hello Ms Patel,

            Thank you for your patience. I called the hotel yesterday. I'll call you back tomorrow morning with their answer!
            Please send us your receipt. We will refund you within 5 working days.
            Can you confirm your address?

            On Tue, 24 Nov 2026 at 09:12, Priya Patel wrote:
            > I will cancel my booking today if nobody calls me.
            """;
        var found = PromiseDetector.Detect(message, new PromiseContext(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London, Office));

        Assert.Equal(["I'll call you back tomorrow morning with their answer!", "We will refund you within 5 working days."], found.Select(p => p.Sentence));
        Assert.All(found, p => Assert.Equal(p.Sentence, message.Substring(p.Start, p.Sentence.Length)));
        Assert.Equal("call you back with their answer", found[0].What);
    }

    [Theory]
    [InlineData("Je vous rappelle demain.", "fr")]
    [InlineData("I'll ring you tomorrow.", "en")]
    public void The_language_is_reported(string sentence, string language)
    {
        Assert.Equal(language, Single(sentence, new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero)).Language);
    }
}
