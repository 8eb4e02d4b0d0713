using Rapport.Features.Cases;

namespace Rapport.Features.ServiceStandards;

/// <summary>What the service-standard clocks need to know about a case.</summary>
public sealed record CaseClockFacts(Guid CaseId, DateTime CreatedAt, CaseStatus Status, DateTime? FirstResponseAt,
    DateTime? LastCustomerUpdateAt, DateTime? ResolvedAt);

/// <summary>
/// Keeps a case's clocks in step with the case. The rules:
/// first response runs from creation until the first reply to the customer; the update interval runs from the last
/// update to the customer (once there was a first response) and restarts at each one; resolution runs from creation
/// until the case is resolved or closed. While the case waits on the customer (PendingCustomer), or is resolved or
/// closed, running clocks pause and their due times move on by the time paused when they resume (reopening resumes
/// resolution where it stopped). A target met after its due time stays due until the sweeper records the breach; a
/// breach once recorded stays recorded for that clock run.
/// </summary>
public static class TargetPlanner
{
    private static readonly BusinessCalendar Around = BusinessCalendar.AlwaysOpen(TimeZoneInfo.Utc);

    public static BusinessCalendar ClockFor(bool businessHours, BusinessCalendar organisation) => businessHours ? organisation : Around;

    /// <summary>
    /// Updates <paramref name="targets"/> (this case's rows) in place; returns the rows to add and to remove. Runs that
    /// end here (a target met, or the update clock restarted by an update) are added to <paramref name="ended"/>.
    /// </summary>
    public static (List<CaseTarget> Added, List<CaseTarget> Removed) Apply(CaseClockFacts c, ServicePolicy? policy,
        IReadOnlyList<CaseTarget> targets, BusinessCalendar organisation, DateTime now, List<ServiceClockOutcome>? ended = null)
    {
        var added = new List<CaseTarget>();
        var removed = new List<CaseTarget>();
        foreach (var kind in Enum.GetValues<TargetKind>())
        {
            var row = targets.FirstOrDefault(t => t.Kind == kind);
            var target = policy?.TargetFor(kind);
            var start = StartOf(kind, c);
            if (target is null || start is null)
            {
                if (row is not null)
                {
                    removed.Add(row);
                }

                continue;
            }

            if (row is null)
            {
                row = new CaseTarget { CaseId = c.CaseId, Kind = kind, StartedAt = start.Value };
                added.Add(row);
            }
            else if (row.StartedAt != start.Value)
            {
                if (row.MetAt is null && start.Value > row.StartedAt)
                {
                    // The update that restarts the clock ends the run before it, on time or late.
                    ended?.Add(ServiceClockOutcome.Ended(row, start.Value, ClockFor(row.BusinessHours, organisation)));
                }

                Restart(row, start.Value);
            }

            row.PolicyId = policy!.Id;
            row.Target = target.Value;
            row.BusinessHours = policy.BusinessHours;
            var wasMet = row.MetAt;
            var clock = ClockFor(row.BusinessHours, organisation);
            Step(row, MetAt(kind, c), IsPaused(c.Status), clock, now);
            if (row.MetAt is { } met && met != wasMet)
            {
                ended?.Add(ServiceClockOutcome.Ended(row, met, clock));
            }
        }

        return (added, removed);
    }

    public static bool IsPaused(CaseStatus status) => status is CaseStatus.PendingCustomer || !CaseTransitions.IsActive(status);

    private static DateTime? StartOf(TargetKind kind, CaseClockFacts c) => kind switch
    {
        TargetKind.CustomerUpdate => c.FirstResponseAt is null ? null : c.LastCustomerUpdateAt ?? c.FirstResponseAt,
        _ => c.CreatedAt,
    };

    private static DateTime? MetAt(TargetKind kind, CaseClockFacts c) => kind switch
    {
        TargetKind.FirstResponse => c.FirstResponseAt,
        TargetKind.Resolution => CaseTransitions.IsActive(c.Status) ? null : c.ResolvedAt,
        _ => null,
    };

    private static void Restart(CaseTarget row, DateTime start)
    {
        row.StartedAt = start;
        row.PausedFor = TimeSpan.Zero;
        row.PausedAt = null;
        row.MetAt = null;
        row.BreachedAt = null;
        row.DueSoonNotifiedAt = null;
    }

    private static void Step(CaseTarget row, DateTime? met, bool paused, BusinessCalendar clock, DateTime now)
    {
        if (row.PausedAt is { } since && (met is not null || !paused))
        {
            // Resuming (or met while paused: time spent paused is not held against the target).
            var end = met is { } m && m < now ? m : now;
            row.PausedFor += end > since ? clock.Elapsed(Utc(since), Utc(end)) : TimeSpan.Zero;
            row.PausedAt = null;
        }

        if (met is { } metAt)
        {
            row.MetAt = metAt;
            var due = row.DueIfRunning(clock);
            // A late one keeps its due time so the sweeper records the breach; one already recorded needs nothing more.
            row.DueAt = metAt > due && row.BreachedAt is null ? due : null;
            // Held from here, so a reopened case resumes its resolution clock where it stopped.
            row.PausedAt = metAt;
            return;
        }

        row.MetAt = null;
        if (paused)
        {
            row.PausedAt ??= now;
            row.DueAt = null;
            return;
        }

        row.DueAt = row.DueIfRunning(clock);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
