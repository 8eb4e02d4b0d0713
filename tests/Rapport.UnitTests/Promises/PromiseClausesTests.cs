using CsCheck;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;

namespace Rapport.UnitTests.Promises;

/// <summary>
/// Issue 15 part 5: conditions on the customer, several undertakings in one sentence, British clock phrases read by
/// the business day, ordinal dates, and a due time that is never earlier than the message.
/// </summary>
public sealed class PromiseClausesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly BusinessCalendar Office = BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"));
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    private static IReadOnlyList<PromiseCandidate> Detect(string message, DateTimeOffset? now = null, BusinessCalendar? calendar = null) =>
        PromiseDetector.Detect(message, new PromiseContext(now ?? Wednesday, London, calendar ?? Office));

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void A_condition_on_the_customer_is_noted_not_a_reason_to_drop_the_promise()
    {
        var promise = Assert.Single(Detect("Once you've sent us the receipt, we'll refund you within 3 working days."));
        Assert.Equal("Once you've sent us the receipt", promise.Condition);
        Assert.Equal("refund you", promise.What);
        Assert.Equal(At(11, 30, 17, 30), promise.Due);

        Assert.Equal("once you're home", Assert.Single(Detect("I'll call you tomorrow once you're home.")).Condition);
        Assert.Null(Assert.Single(Detect("I'll call you tomorrow.")).Condition);
        Assert.Empty(Detect("If you call us tomorrow, we can rebook your flight."));
    }

    [Fact]
    public void A_time_in_the_condition_is_not_the_due_time_of_the_undertaking()
    {
        Assert.Null(Assert.Single(Detect("Provided you return it within 30 days, we will exchange it free of charge.")).Due);
    }

    [Fact]
    public void Two_undertakings_in_one_sentence_are_two_proposals_each_with_its_own_time()
    {
        var found = Detect("I'll cancel the old booking today and we'll send the new tickets tomorrow.");

        Assert.Equal(["cancel the old booking", "send the new tickets"], found.Select(p => p.What));
        Assert.Equal([At(11, 25, 17, 30), At(11, 26, 17, 30)], found.Select(p => p.Due!.Value));
        Assert.All(found, p => Assert.Equal(0, p.Start));
    }

    [Fact]
    public void A_step_without_a_time_of_its_own_is_one_undertaking_with_the_next()
    {
        var promise = Assert.Single(Detect("Let me chase the courier and I'll message you by 4pm."));
        Assert.Equal(At(11, 25, 16, 0), promise.Due);
        Assert.Equal("chase the courier and I'll message you", promise.What);
    }

    [Theory]
    [InlineData("Your table is booked for 8pm and I'll call you by 5pm to confirm.", 11, 25, 17, 0)]
    [InlineData("I'll ring you at 2pm about the 6pm pickup.", 11, 25, 14, 0)]
    [InlineData("Your flight leaves at 7am on Friday, so I'll email the passes tomorrow.", 11, 26, 17, 30)]
    [InlineData("Tomorrow morning I will ring the hotel.", 11, 26, 9, 0)]
    public void The_time_of_the_undertaking_wins_over_other_times_in_the_sentence(string sentence, int month, int day, int hour, int minute)
    {
        Assert.Equal(At(month, day, hour, minute), Assert.Single(Detect(sentence)).Due);
    }

    [Theory]
    [InlineData("I'll call you back at half four.", 11, 25, 16, 30)]
    [InlineData("I'll call you at quarter past ten tomorrow.", 11, 26, 10, 15)]
    [InlineData("I'll call you at ten to nine tomorrow.", 11, 26, 8, 50)]
    [InlineData("I'll ring you at 5.", 11, 25, 17, 0)]
    [InlineData("I'll ring you at 9 tomorrow.", 11, 26, 9, 0)]
    [InlineData("I'll ring you at 8 tomorrow evening.", 11, 26, 20, 0)]
    [InlineData("I'll ring you at 4 o'clock.", 11, 25, 16, 0)]
    [InlineData("I'll send it by the 30th.", 11, 30, 17, 30)]
    [InlineData("I'll send it by the 20th.", 12, 20, 23, 59)] // past this month: next month's, a Sunday
    [InlineData("I'll call you on Friday the 4th.", 12, 4, 17, 30)]
    [InlineData("I'll call you on the next working day.", 11, 26, 17, 30)]
    [InlineData("I'll call you the day after tomorrow.", 11, 27, 17, 30)]
    [InlineData("We'll process it in 3–5 working days.", 12, 2, 17, 30)]
    [InlineData("Ill send it tommorow.", 11, 26, 17, 30)]
    [InlineData("I'll call you tomorrow after lunch.", 11, 26, 14, 0)]
    [InlineData("I'll ring you on Friday before lunch.", 11, 27, 12, 0)]
    [InlineData("I'll send it tomorrow night.", 11, 26, 20, 0)]
    [InlineData("I'll call you back this morning.", 11, 25, 12, 0)] // said at 10:30: by the end of the morning
    [InlineData("Your booking will be held for 24 hours.", 11, 26, 10, 30)] // a hold ends when its duration runs out
    [InlineData("I'll phone you at ten tomorrow.", 11, 26, 10, 0)]
    [InlineData("I'll confirm by close of business tomorrow.", 11, 26, 17, 30)]
    [InlineData("I'll call you on Monday 30th.", 11, 30, 17, 30)]
    [InlineData("We'll call you back in 10–15 minutes.", 11, 25, 10, 45)]
    public void Spoken_times_dates_ranges_and_typos_are_read_as_meant(string sentence, int month, int day, int hour, int minute)
    {
        Assert.Equal(At(month, day, hour, minute), Assert.Single(Detect(sentence)).Due);
    }

    [Fact]
    public void A_bare_hour_takes_the_reading_that_falls_in_the_business_day()
    {
        var nightDesk = BusinessCalendar.Weekdays(London, OpeningInterval.Parse("18:00-23:59"));
        Assert.Equal(At(11, 25, 20, 0), Assert.Single(Detect("I'll call you at 8.", calendar: nightDesk)).Due);
        Assert.Equal(At(11, 26, 8, 0), Assert.Single(Detect("I'll call you at 8.")).Due); // the office reading is neither: morning, tomorrow
    }

    [Theory]
    [InlineData("I'm arranging a taxi to collect you now.", "arranging a taxi to collect you now")]
    [InlineData("Your replacement is being sent out today.", "Your replacement is being sent")]
    [InlineData("A refund of £84.20 will be issued to your card.", "A refund of £84.20 will be issued")]
    public void Progressives_and_passives_with_any_subject_are_undertakings(string sentence, string what)
    {
        Assert.StartsWith(what, Assert.Single(Detect(sentence)).What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_less_step_handed_to_someone_else_is_a_promise_of_its_own()
    {
        Assert.Equal(2, Detect("Housekeeping will bring a fan now and maintenance will fix the air conditioning tomorrow morning.").Count);
        Assert.Single(Detect("Let me check with the hotel and I'll call you back by 5."));
    }

    [Theory]
    [InlineData("I'll call you on Wednesday, 2 December at 9am.", 12, 2, 9, 0)] // the date says which Wednesday
    [InlineData("I'll ring you Wednesday the 2nd at 10am.", 12, 2, 10, 0)]
    [InlineData("I'll ring you on Wednesday at 9am.", 12, 2, 9, 0)] // today's 9am has gone: next Wednesday
    public void A_weekday_that_is_today_never_makes_the_due_time_earlier_than_the_message(string sentence, int month, int day, int hour, int minute)
    {
        Assert.Equal(At(month, day, hour, minute), Assert.Single(Detect(sentence)).Due);
    }

    [Fact]
    public void No_due_time_is_ever_earlier_than_the_message()
    {
        string[] sentences =
        [
            "I'll call you on Wednesday at 9am.", "I'll call you on Monday morning.", "I'll ring you at half nine.", "I'll call you at 8.",
            "I'll send it today at 9am.", "I'll confirm by the 3rd.", "I'll call you on Friday, 4 December at 9am.", "We'll refund you by 20 January.",
            "I'll call you tomorrow morning.", "I'll update you by the end of the day.", "I'll call you back on the next working day.",
            "I'll ring you at quarter to ten this morning.", "I'll send it by 25/11.", "I'll post it this week.", "Je vous rappelle lundi matin.",
            "I'll call you this afternoon.", "We'll call you back after lunch.", "I'll ring you tonight.", "I'll send it over the weekend.",
            "We'll hold the room for 48 hours.", "I'll confirm by close of business Friday.", "I'll call you on Monday 30th.",
        ];
        var instant = Gen.Int[0, 366 * 24 * 4].Select(quarterHours => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(15 * quarterHours));
        Gen.Select(instant, Gen.Int[0, sentences.Length - 1]).Sample((now, i) =>
            Detect(sentences[i], now).All(p => p.Due is null || p.Due >= now), iter: 2_000);
    }

    [Theory]
    [InlineData("Our policy is that we will match any lower price.")]
    [InlineData("The airline has cancelled the flight and will contact all passengers.")]
    [InlineData("Our shop will close at 5pm on Christmas Eve.")]
    [InlineData("Our team will usually reply within 24 hours.")]
    [InlineData("I was ill yesterday so couldn't call you back.")]
    [InlineData("Let me know which date suits you best.")]
    [InlineData("You'll get back to us once you've spoken to your insurer.")]
    [InlineData("Reception will be able to help you with that.")]
    [InlineData("The restaurant will be fully booked on the 24th, so we suggest an earlier date.")]
    [InlineData("I'm writing to apologise for the delay to your order.")]
    [InlineData("Your details will be held securely in line with data protection law.")]
    [InlineData("The room will be cleaned daily.")]
    [InlineData("The airline is sending a new boarding pass directly to you.")]
    public void Look_alikes_are_not_proposed(string sentence)
    {
        Assert.Empty(Detect(sentence));
    }
}
