using Rapport.Features.Authority;
using Rapport.Features.Complaints;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Complaints;

/// <summary>The LAST steps in order, the follow-up that decides when a complaint is done, and the measures' step times.</summary>
public sealed class ComplaintFlowTests
{
    private static readonly DateTime Opened = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Agent = Guid.CreateVersion7();

    private static Complaint New() => Complaint.For(Guid.CreateVersion7(), Opened);

    private static Complaint Listened()
    {
        var c = New();
        c.Listen("The room was dirty", "A refund", "Angry", "delay", Agent, Opened.AddMinutes(5));
        return c;
    }

    private static Complaint Thanked()
    {
        var c = Listened();
        c.Apologise("We are sorry.", "Email", null, Agent, "Amira Agent", Opened.AddMinutes(10));
        var alternative = ComplaintAlternative.Propose(c, "Clean the room now", "Nothing", "A clean room", "An hour of housekeeping", "A guest who stays",
            null, null, null, Agent, Opened.AddMinutes(15));
        c.Agree(alternative, atFirstContact: true, Agent, Opened.AddMinutes(20));
        c.Thank(null, Agent, Opened.AddMinutes(25));
        return c;
    }

    [Fact]
    public void A_new_complaint_starts_at_listen_and_each_step_moves_it_on()
    {
        var c = New();
        Assert.Equal(ComplaintStep.Listen, ComplaintFlow.Current(c, null));

        c.Listen("The room was dirty", null, null, "delay", Agent, Opened.AddMinutes(5));
        Assert.Equal(ComplaintStep.Apologise, ComplaintFlow.Current(c, null));

        c.Apologise("We are sorry.", "phone", Opened.AddMinutes(6), Agent, "Amira Agent", Opened.AddMinutes(7));
        Assert.Equal(ComplaintStep.Solve, ComplaintFlow.Current(c, null));
        Assert.Equal("phone", c.ApologyChannel);
        Assert.Equal(Opened.AddMinutes(6), c.ApologyGivenAt);

        Assert.Equal(ComplaintStep.FollowUp, ComplaintFlow.Current(Thanked(), null));
    }

    [Theory]
    [InlineData(ComplaintStep.Apologise)]
    [InlineData(ComplaintStep.Solve)]
    [InlineData(ComplaintStep.Thank)]
    [InlineData(ComplaintStep.FollowUp)]
    public void A_step_before_its_turn_is_refused_naming_step(ComplaintStep step)
    {
        var e = Assert.Throws<InvalidInputException>(() => ComplaintFlow.Require(New(), step, null));

        Assert.Equal("step", e.Field);
        Assert.Contains("Listen comes first", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_already_recorded_is_refused()
    {
        var e = Assert.Throws<InvalidInputException>(() => ComplaintFlow.Require(Listened(), ComplaintStep.Listen, null));

        Assert.Equal("step", e.Field);
        Assert.Contains("already recorded", e.Message, StringComparison.Ordinal);
        ComplaintFlow.Require(Listened(), ComplaintStep.Apologise, null); // the next one is allowed
    }

    [Theory]
    [InlineData(null, ComplaintStep.FollowUp, false)]
    [InlineData(PromiseStatus.Open, ComplaintStep.FollowUp, false)]
    [InlineData(PromiseStatus.Renegotiated, ComplaintStep.FollowUp, false)]
    [InlineData(PromiseStatus.Broken, ComplaintStep.FollowUp, false)]
    [InlineData(PromiseStatus.Kept, ComplaintStep.Done, true)]
    public void Only_a_kept_follow_up_promise_finishes_the_complaint(PromiseStatus? promise, ComplaintStep expected, bool done)
    {
        var c = Thanked();
        if (promise is not null)
        {
            c.ScheduleFollowUp(Guid.CreateVersion7());
        }

        Assert.Equal(expected, ComplaintFlow.Current(c, promise));
        Assert.Equal(done, ComplaintFlow.FollowUpDone(c, promise));
        Assert.Equal(promise is PromiseStatus.Open or PromiseStatus.Renegotiated, ComplaintFlow.FollowUpPending(c, promise));
    }

    [Fact]
    public void A_waiver_needs_a_reason_and_finishes_the_follow_up()
    {
        var c = Thanked();
        var e = Assert.Throws<InvalidInputException>(() => c.WaiveFollowUp("  ", Agent, Opened.AddHours(1)));
        Assert.Equal("reason", e.Field);
        Assert.False(ComplaintFlow.FollowUpDone(c, null));

        c.WaiveFollowUp("The customer asked not to be contacted again", Agent, Opened.AddHours(1));

        Assert.True(ComplaintFlow.FollowUpDone(c, null));
        Assert.Equal(ComplaintStep.Done, ComplaintFlow.Current(c, null));
    }

    [Fact]
    public void Listen_needs_the_customers_words_and_an_apology_cannot_be_given_in_the_future()
    {
        var e = Assert.Throws<InvalidInputException>(() => New().Listen(" ", null, null, "delay", Agent, Opened));
        Assert.Equal("customerWords", e.Field);

        var c = Listened();
        var future = Assert.Throws<InvalidInputException>(() => c.Apologise("Sorry", "email", Opened.AddDays(1), Agent, "A", Opened.AddMinutes(10)));
        Assert.Equal("givenAt", future.Field);
        var channel = Assert.Throws<InvalidInputException>(() => c.Apologise("Sorry", "pigeon", null, Agent, "A", Opened.AddMinutes(10)));
        Assert.Equal("channel", channel.Field);
    }

    [Fact]
    public void An_alternative_states_both_sides_and_a_monetary_offer_needs_an_amount_and_currency()
    {
        var c = Listened();
        var noCost = Assert.Throws<InvalidInputException>(() => ComplaintAlternative.Propose(c, "Refund", "", "Money back", "GBP 80", "Goodwill",
            null, null, null, Agent, Opened));
        Assert.Equal("customerCost", noCost.Field);
        var noAmount = Assert.Throws<InvalidInputException>(() => ComplaintAlternative.Propose(c, "Refund", "Nothing", "Money back", "GBP 80", "Goodwill",
            AuthorityActionType.Refund, null, "GBP", Agent, Opened));
        Assert.Equal("offer.amount", noAmount.Field);
        var badCurrency = Assert.Throws<InvalidInputException>(() => ComplaintAlternative.Propose(c, "Refund", "Nothing", "Money back", "GBP 80", "Goodwill",
            AuthorityActionType.Refund, 80m, "XYZ", Agent, Opened));
        Assert.Equal("offer.currency", badCurrency.Field);

        var exception = ComplaintAlternative.Propose(c, "Waive the fee", "Nothing", "No fee", "The fee", "Goodwill",
            AuthorityActionType.PolicyException, 5m, "GBP", Agent, Opened);
        Assert.True(exception.HasOffer);
        Assert.Null(exception.OfferAmount); // an exception is allowed or not: no amount
    }

    [Fact]
    public void Reopening_is_counted()
    {
        var c = Thanked();
        c.Reopen(Opened.AddDays(2));
        c.Reopen(Opened.AddDays(3));

        Assert.Equal(2, c.Reopened);
        Assert.Equal(Opened.AddDays(3), c.LastReopenedAt);
    }

    [Fact]
    public void Causes_are_matched_by_key_or_name_and_an_unknown_one_lists_the_choices()
    {
        var causes = new ComplaintCauses([new("delay", "Delay"), new("staff-attitude", "Staff attitude")], ComplaintCauses.DefaultApology);

        Assert.Equal("staff-attitude", causes.Require("Staff Attitude", "cause"));
        Assert.Equal("delay", causes.Require("delay", "cause"));
        var e = Assert.Throws<InvalidInputException>(() => causes.Require("weather", "cause"));
        Assert.Equal("cause", e.Field);
        Assert.Contains("delay, staff-attitude", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retired_cause_is_not_offered_but_still_names_its_complaints()
    {
        var causes = new ComplaintCauses([new("delay", "Delay"), new("cleanliness", "Cleanliness", Retired: true)], "Sorry.");

        Assert.Equal(["delay"], causes.Offered.Select(c => c.Key));
        Assert.Equal("Cleanliness", causes.NameOf("cleanliness"));
        var e = Assert.Throws<InvalidInputException>(() => causes.Require("cleanliness", "cause"));
        Assert.DoesNotContain("cleanliness", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("Line\nbreak")]
    public void A_cause_needs_a_one_line_name_with_letters_or_digits(string name)
    {
        var e = Assert.Throws<InvalidInputException>(() => ComplaintCause.Create(name.Replace("\\n", "\n", StringComparison.Ordinal), 0, DateTime.UnixEpoch));

        Assert.Equal("name", e.Field);
    }

    [Fact]
    public void A_renamed_cause_keeps_its_key()
    {
        var cause = ComplaintCause.Create("Billing or charges", 0, DateTime.UnixEpoch);

        cause.Change("Invoices and charges", retired: true, 3, DateTime.UnixEpoch.AddDays(1));

        Assert.Equal(new ComplaintCauseDto("billing-or-charges", "Invoices and charges", true), cause.ToDto());
    }

    [Fact]
    public void Step_time_is_the_mean_and_median_of_the_complaints_that_took_the_step()
    {
        var t = ComplaintMeasures.Step(ComplaintStep.Solve, [1, null, 3, 8]);

        Assert.Equal(3, t.Complaints);
        Assert.Equal(4, t.MeanHours);
        Assert.Equal(3, t.MedianHours);
        Assert.Null(ComplaintMeasures.Step(ComplaintStep.Thank, [null]).MeanHours);
    }
}
