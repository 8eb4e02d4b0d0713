using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Complaints;
using Rapport.Features.Conversations;
using Rapport.Features.Feedback;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Dashboards;

/// <summary>
/// Counts one UTC day's facts into <see cref="DailyFigure"/>s. Each query is a range scan over an index on the time the
/// fact became final (a clock run ended, a promise closed, feedback given, a complaint started, a conversation started),
/// grouped by team and agent as they stand when the day is rolled up.
/// </summary>
public sealed class DailyFacts(RapportDbContext db)
{
    public async Task<List<DailyFigure>> CountAsync(DateOnly day, CancellationToken ct)
    {
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = start.AddDays(1);
        var figures = new List<DailyFigure>();
        figures.AddRange(await ClockOutcomesAsync(day, start, end, ct));
        figures.AddRange(await PromisesAsync(day, start, end, ct));
        figures.AddRange(await FeedbackAsync(day, start, end, ct));
        figures.AddRange(await ComplaintsAsync(day, start, end, ct));
        figures.AddRange(await ChannelsAsync(day, start, end, ct));
        return Merged(figures);
    }

    /// <summary>The figures and the organisation's totals of them (per day, metric and key).</summary>
    public static List<DailyFigure> WithOrganisationTotals(List<DailyFigure> figures) =>
    [
        .. figures,
        .. figures.GroupBy(f => (f.Day, f.Metric, f.Key)).Select(g => new DailyFigure
        {
            Day = g.Key.Day,
            Metric = g.Key.Metric,
            Key = g.Key.Key,
            TeamId = DailyFigure.WholeOrganisation,
            AgentId = DailyFigure.WholeOrganisation,
            Count = g.Sum(f => f.Count),
            Value = g.Sum(f => f.Value),
            Target = g.Sum(f => f.Target),
        }),
    ];

    /// <summary>Two groups that map to one key (a complaint with no cause and one with an empty one) become one figure.</summary>
    public static List<DailyFigure> Merged(IEnumerable<DailyFigure> figures) =>
        figures.GroupBy(f => (f.Day, f.Metric, f.Key, f.TeamId, f.AgentId))
            .Select(g => g.Count() == 1 ? g.First() : new DailyFigure
            {
                Day = g.Key.Day,
                Metric = g.Key.Metric,
                Key = g.Key.Key,
                TeamId = g.Key.TeamId,
                AgentId = g.Key.AgentId,
                Count = g.Sum(f => f.Count),
                Value = g.Sum(f => f.Value),
                Target = g.Sum(f => f.Target),
            }).ToList();

    /// <summary>What is open now, as the backlog of <paramref name="day"/> (a snapshot: the past cannot be counted again).</summary>
    public async Task<List<DailyFigure>> BacklogAsync(DateOnly day, CancellationToken ct)
    {
        var conversations = await db.Conversations.Where(c => c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)
            .GroupBy(c => new { c.TeamId, c.AssigneeId })
            .Select(g => new { g.Key.TeamId, AgentId = g.Key.AssigneeId, Count = g.LongCount() }).ToListAsync(ct);
        var cases = await db.Cases.Where(c => c.Status == CaseStatus.New || c.Status == CaseStatus.Open
                || c.Status == CaseStatus.PendingCustomer || c.Status == CaseStatus.PendingInternal)
            .GroupBy(c => new { c.TeamId, c.OwnerId })
            .Select(g => new { g.Key.TeamId, AgentId = g.Key.OwnerId, Count = g.LongCount() }).ToListAsync(ct);
        return Merged(
        [
            .. conversations.Select(c => Figure(day, Metrics.Backlog, Metrics.OpenConversations, c.TeamId, c.AgentId, c.Count)),
            .. cases.Select(c => Figure(day, Metrics.Backlog, Metrics.OpenCases, c.TeamId, c.AgentId, c.Count)),
        ]);
    }

    /// <summary>The first day with any fact, for the first run (which rolls up all history); null when there is none.</summary>
    public async Task<DateOnly?> EarliestAsync(CancellationToken ct)
    {
        DateTime?[] firsts =
        [
            await db.Set<ServiceClockOutcome>().MinAsync(o => (DateTime?)o.EndedAt, ct),
            await db.Set<Promise>().Where(p => p.ClosedAt != null).MinAsync(p => p.ClosedAt, ct),
            await db.Set<FeedbackEntry>().MinAsync(f => (DateTime?)f.GivenAt, ct),
            await db.Set<Complaint>().MinAsync(c => (DateTime?)c.StartedAt, ct),
            await db.Conversations.MinAsync(c => (DateTime?)c.CreatedAt, ct),
        ];
        return firsts.Where(f => f is not null).Min() is { } first ? DateOnly.FromDateTime(first) : null;
    }

    private async Task<IEnumerable<DailyFigure>> ClockOutcomesAsync(DateOnly day, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.Set<ServiceClockOutcome>().Where(o => o.EndedAt >= start && o.EndedAt < end)
            .Join(db.Cases, o => o.CaseId, c => c.Id, (o, c) => new { o.Kind, o.OnTime, c.TeamId, c.OwnerId, o.TookSeconds, o.TargetSeconds })
            .GroupBy(x => new { x.Kind, x.OnTime, x.TeamId, x.OwnerId })
            .Select(g => new
            {
                g.Key.Kind,
                g.Key.OnTime,
                g.Key.TeamId,
                g.Key.OwnerId,
                Count = g.LongCount(),
                Took = g.Sum(x => x.TookSeconds),
                Target = g.Sum(x => x.TargetSeconds),
            }).ToListAsync(ct);
        return rows.Select(r => Figure(day, r.Kind switch
        {
            TargetKind.FirstResponse => Metrics.FirstResponse,
            TargetKind.Resolution => Metrics.Resolution,
            _ => Metrics.CustomerUpdate,
        }, r.OnTime ? Metrics.OnTime : Metrics.Late, r.TeamId, r.OwnerId, r.Count, r.Took, r.Target));
    }

    private async Task<IEnumerable<DailyFigure>> PromisesAsync(DateOnly day, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.Set<Promise>().Where(p => p.ClosedAt >= start && p.ClosedAt < end
                && (p.Status == PromiseStatus.Kept || p.Status == PromiseStatus.Broken))
            .GroupBy(p => new { p.TeamId, p.OwnerId, p.Status, p.KeptOnTime })
            .Select(g => new { g.Key.TeamId, g.Key.OwnerId, g.Key.Status, g.Key.KeptOnTime, Count = g.LongCount() }).ToListAsync(ct);
        return rows.Select(r => Figure(day, Metrics.Promises,
            r.Status == PromiseStatus.Broken ? Metrics.Broken : r.KeptOnTime ? Metrics.KeptOnTime : Metrics.KeptLate, r.TeamId, r.OwnerId, r.Count));
    }

    private async Task<IEnumerable<DailyFigure>> FeedbackAsync(DateOnly day, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await (
                from f in db.Set<FeedbackEntry>().Where(f => f.GivenAt >= start && f.GivenAt < end && f.Scale != null && f.Score != null)
                join c in db.Cases on f.CaseId equals c.Id into linked
                from c in linked.DefaultIfEmpty()
                select new { f.Scale, f.Score, TeamId = c == null ? null : c.TeamId, AgentId = f.AgentId ?? (c == null ? null : c.OwnerId) })
            .GroupBy(x => new { x.Scale, x.Score, x.TeamId, x.AgentId })
            .Select(g => new { g.Key.Scale, g.Key.Score, g.Key.TeamId, g.Key.AgentId, Count = g.LongCount() }).ToListAsync(ct);
        return rows.Select(r => Figure(day, r.Scale switch
        {
            SurveyKind.Nps => Metrics.Nps,
            SurveyKind.Effort => Metrics.Effort,
            _ => Metrics.Csat,
        }, r.Score!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), r.TeamId, r.AgentId, r.Count, (double)r.Score.Value * r.Count));
    }

    private async Task<IEnumerable<DailyFigure>> ComplaintsAsync(DateOnly day, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.Set<Complaint>().Where(c => c.StartedAt >= start && c.StartedAt < end)
            .Join(db.Cases, x => x.CaseId, c => c.Id, (x, c) => new { x.Cause, c.TeamId, c.OwnerId })
            .GroupBy(x => new { x.Cause, x.TeamId, x.OwnerId })
            .Select(g => new { g.Key.Cause, g.Key.TeamId, g.Key.OwnerId, Count = g.LongCount() }).ToListAsync(ct);
        return rows.Select(r => Figure(day, Metrics.Complaints, string.IsNullOrEmpty(r.Cause) ? Metrics.NoCause : r.Cause, r.TeamId, r.OwnerId, r.Count));
    }

    private async Task<IEnumerable<DailyFigure>> ChannelsAsync(DateOnly day, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.Conversations.Where(c => c.CreatedAt >= start && c.CreatedAt < end)
            .GroupBy(c => new { c.LastChannel, c.TeamId, c.AssigneeId })
            .Select(g => new { g.Key.LastChannel, g.Key.TeamId, g.Key.AssigneeId, Count = g.LongCount() }).ToListAsync(ct);
        return rows.Select(r => Figure(day, Metrics.Channels, ChannelKey(r.LastChannel), r.TeamId, r.AssigneeId, r.Count));
    }

    public static string ChannelKey(Rapport.Features.Customers.Channel channel) => channel.ToString().ToLowerInvariant();

    private static DailyFigure Figure(DateOnly day, string metric, string key, Guid? team, Guid? agent, long count, double value = 0, double target = 0) =>
        new() { Day = day, Metric = metric, Key = key, TeamId = team ?? Guid.Empty, AgentId = agent ?? Guid.Empty, Count = count, Value = value, Target = target };
}
