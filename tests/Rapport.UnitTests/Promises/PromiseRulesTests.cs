using Microsoft.Extensions.Configuration;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Promises;

/// <summary>A promise's life (open → renegotiated → kept or broken) and what the sweep owes it at a given time.</summary>
public sealed class PromiseRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lead = TimeSpan.FromHours(1);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(1);
    private static readonly Guid Agent = Guid.CreateVersion7();

    private static Promise DueIn(TimeSpan span) =>
        Promise.Make(Guid.CreateVersion7(), Agent, "call you back", Now + span, "tomorrow", Lead, Agent, Now);

    [Fact]
    public void A_promise_is_reminded_a_lead_time_before_it_is_due()
    {
        var p = DueIn(TimeSpan.FromHours(5));

        Assert.Equal(Now.AddHours(4), p.RemindAt);
        Assert.Equal(PromiseStep.None, Reminders.Next(p, Now.AddHours(4).AddSeconds(-1), Grace));
        Assert.Equal(PromiseStep.Remind, Reminders.Next(p, Now.AddHours(4), Grace));
        p.MarkReminded(Now.AddHours(4));
        Assert.Equal(PromiseStep.None, Reminders.Next(p, Now.AddHours(4).AddMinutes(30), Grace));
    }

    [Fact]
    public void A_promise_made_inside_the_lead_time_is_reminded_halfway_to_its_due_time()
    {
        Assert.Equal(Now.AddMinutes(10), DueIn(TimeSpan.FromMinutes(20)).RemindAt);
    }

    [Fact]
    public void An_overdue_promise_is_escalated_once_then_broken_after_the_grace_period()
    {
        var p = DueIn(TimeSpan.FromHours(2));
        var due = Now.AddHours(2);

        Assert.Equal(PromiseStep.Escalate, Reminders.Next(p, due, Grace)); // escalation comes before a reminder that was missed
        p.MarkEscalated(due);
        Assert.Equal(PromiseStep.None, Reminders.Next(p, due.AddHours(23), Grace));
        Assert.Equal(PromiseStep.Break, Reminders.Next(p, due + Grace, Grace));
        p.Lapse(Grace, due + Grace);
        Assert.Equal(PromiseStatus.Broken, p.Status);
        Assert.Equal(PromiseStep.None, Reminders.Next(p, due.AddDays(5), Grace));
    }

    [Fact]
    public void Renegotiating_with_the_customer_moves_the_due_time_and_starts_reminders_again()
    {
        var p = DueIn(TimeSpan.FromHours(2));
        p.MarkReminded(Now.AddHours(1));
        p.MarkEscalated(Now.AddHours(2));

        var history = p.Renegotiate(Now.AddDays(2), "Part delayed by the supplier", customerAgreed: true, Agent, Lead, Now.AddHours(3));

        Assert.Equal(PromiseStatus.Renegotiated, p.Status);
        Assert.Equal(Now.AddHours(2), history.PreviousDueAt);
        Assert.Equal(Now.AddDays(2), p.DueAt);
        Assert.Null(p.EscalatedAt);
        Assert.Null(p.RemindedAt);
        Assert.Equal(1, p.Renegotiations);
        Assert.Equal(PromiseStep.Remind, Reminders.Next(p, Now.AddDays(2) - Lead, Grace));
    }

    [Fact]
    public void Renegotiation_needs_the_customers_agreement_and_a_future_time()
    {
        var p = DueIn(TimeSpan.FromHours(2));

        Assert.Equal("customerAgreed", Assert.Throws<InvalidInputException>(() => p.Renegotiate(Now.AddDays(1), "late", false, Agent, Lead, Now)).Field);
        Assert.Equal("dueAt", Assert.Throws<InvalidInputException>(() => p.Renegotiate(Now.AddHours(-1), "late", true, Agent, Lead, Now)).Field);
        Assert.Equal(PromiseStatus.Open, p.Status);
    }

    [Fact]
    public void Kept_on_time_is_judged_against_the_due_time_in_force()
    {
        var onTime = DueIn(TimeSpan.FromHours(2));
        onTime.Keep(Agent, null, Now.AddHours(2));
        var late = DueIn(TimeSpan.FromHours(2));
        late.Keep(Agent, "Called the next morning", Now.AddHours(20));

        Assert.True(onTime.KeptOnTime);
        Assert.False(late.KeptOnTime);
        Assert.Equal(PromiseStatus.Kept, late.Status);
    }

    [Fact]
    public void A_kept_or_broken_promise_is_final()
    {
        var kept = DueIn(TimeSpan.FromHours(2));
        kept.Keep(Agent, null, Now);
        var broken = DueIn(TimeSpan.FromHours(2));
        broken.Break(Agent, "Customer cancelled the booking", Now);

        Assert.Equal("status", Assert.Throws<InvalidInputException>(() => kept.Break(Agent, "oops", Now)).Field);
        Assert.Equal("status", Assert.Throws<InvalidInputException>(() => broken.Keep(Agent, null, Now)).Field);
        Assert.Equal("status", Assert.Throws<InvalidInputException>(() => kept.Renegotiate(Now.AddDays(1), "x", true, Agent, Lead, Now)).Field);
        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => DueIn(TimeSpan.FromHours(1)).Break(Agent, " ", Now)).Field);
    }

    [Fact]
    public void A_promise_needs_what_and_a_future_due_time()
    {
        Assert.Equal("what", Assert.Throws<InvalidInputException>(() => Promise.Make(Guid.NewGuid(), Agent, " ", Now.AddHours(1), null, Lead, Agent, Now)).Field);
        Assert.Equal("dueAt", Assert.Throws<InvalidInputException>(() => Promise.Make(Guid.NewGuid(), Agent, "call", Now, null, Lead, Agent, Now)).Field);
    }

    [Fact]
    public void The_sweep_runs_every_minute_unless_set_and_never_more_often_than_each_second()
    {
        static PromiseTimings From(string? sweepEvery) => PromiseTimings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(sweepEvery is null ? [] : [KeyValuePair.Create<string, string?>("Rapport:Promises:SweepEvery", sweepEvery)]).Build());

        Assert.Equal(TimeSpan.FromMinutes(1), From(null).SweepEvery);
        Assert.Equal(TimeSpan.FromSeconds(5), From("00:00:05").SweepEvery);
        var e = Assert.Throws<InvalidOperationException>(() => From("00:00:00.5"));
        Assert.Contains("Rapport:Promises:SweepEvery", e.Message, StringComparison.Ordinal);
    }
}
