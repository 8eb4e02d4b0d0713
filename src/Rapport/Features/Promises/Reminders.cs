namespace Rapport.Features.Promises;

/// <summary>
/// When a promise's owner is reminded, when an overdue promise counts as broken, and how often the sweep looks for due
/// steps. Wall-clock arithmetic: a promise is due at an instant the customer was told, whatever the organisation's
/// opening hours.
/// </summary>
public sealed record PromiseTimings(TimeSpan ReminderLead, TimeSpan BrokenAfter, TimeSpan SweepEvery)
{
    public static readonly PromiseTimings Default = new(TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromMinutes(1));

    public static PromiseTimings From(IConfiguration config)
    {
        var sweepEvery = config.GetValue<TimeSpan?>("Rapport:Promises:SweepEvery") ?? Default.SweepEvery;
        if (sweepEvery < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"Rapport:Promises:SweepEvery must be at least one second (it is {sweepEvery}).");
        }

        return new(
            config.GetValue<TimeSpan?>("Rapport:Promises:ReminderLead") ?? Default.ReminderLead,
            config.GetValue<TimeSpan?>("Rapport:Promises:BrokenAfter") ?? Default.BrokenAfter,
            sweepEvery);
    }
}

public static class Reminders
{
    /// <summary>
    /// The lead time before the due time; when the promise is made closer to its due time than that, halfway between now
    /// and due, so the owner still hears before it is due but not the moment they made it.
    /// </summary>
    public static DateTime RemindAt(DateTime dueAt, TimeSpan lead, DateTime now)
    {
        var remindAt = dueAt - lead;
        return remindAt > now ? remindAt : now + (dueAt - now) / 2;
    }

    /// <summary>What the sweep owes a promise at <paramref name="now"/>, at most one step per sweep, in order.</summary>
    public static PromiseStep Next(Promise p, DateTime now, TimeSpan brokenAfter)
    {
        if (!p.IsPending)
        {
            return PromiseStep.None;
        }

        if (p.EscalatedAt is null && p.DueAt <= now)
        {
            return PromiseStep.Escalate;
        }

        if (p.EscalatedAt is not null && p.DueAt + brokenAfter <= now)
        {
            return PromiseStep.Break;
        }

        return p.RemindedAt is null && p.EscalatedAt is null && p.RemindAt <= now ? PromiseStep.Remind : PromiseStep.None;
    }
}

public enum PromiseStep
{
    None,
    /// <summary>Tell the owner it is due soon.</summary>
    Remind,
    /// <summary>Overdue and not renegotiated: tell the owner's supervisors, raise promise.due.</summary>
    Escalate,
    /// <summary>Overdue for longer than the grace period: broken, raise promise.broken.</summary>
    Break,
}
