using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Dashboards;

/// <summary>
/// Keeps the daily rollup the dashboards read. A run counts again every day from the last run's day, less the settling
/// window (<c>Rapport:Dashboards:SettleDays</c>, 7 by default: a cause named, an owner changed or a fact committed late
/// within that window still lands), up to today, replacing each day's figures in one transaction, so a run can be
/// repeated and never counts a fact twice. Today's backlog is a snapshot of what is open at the run. The first run, or a
/// rebuild from a given day, counts all the history from there. One run at a time across nodes: a lease on the state row.
/// </summary>
public sealed class DashboardRollup(RapportDbContext db, DailyFacts facts, TimeProvider time, IConfiguration config)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    public int SettleDays => Math.Clamp(config.GetValue("Rapport:Dashboards:SettleDays", 7), 0, 366);

    /// <summary>Rolls up now; from <paramref name="rebuildFrom"/> when given. Null when another node holds the lease.</summary>
    public async Task<RollupRunDto?> RunAsync(DateOnly? rebuildFrom, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        if (rebuildFrom > today)
        {
            throw new InvalidInputException("from", "A rebuild starts on a day that has begun (UTC).");
        }

        var taken = await db.Set<RollupState>()
            .Where(s => s.Id == RollupState.TheOne && (s.LeasedUntil == null || s.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeasedUntil, now + Lease), ct);
        if (taken == 0)
        {
            return null;
        }

        try
        {
            var state = await db.Set<RollupState>().AsNoTracking().SingleAsync(s => s.Id == RollupState.TheOne, ct);
            var first = rebuildFrom
                ?? (state.RolledUpTo is { } last ? DateOnly.FromDateTime(last).AddDays(-SettleDays) : await facts.EarliestAsync(ct))
                ?? today;
            if (first > today)
            {
                first = today;
            }

            for (var day = first; day <= today; day = day.AddDays(1))
            {
                await ReplaceAsync(day, await facts.CountAsync(day, ct), backlog: false, ct);
            }

            await ReplaceAsync(today, await facts.BacklogAsync(today, ct), backlog: true, ct);
            await db.Set<RollupState>().Where(s => s.Id == RollupState.TheOne)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RolledUpTo, now), ct);
            return new RollupRunDto(first, today, today.DayNumber - first.DayNumber + 1, now);
        }
        finally
        {
            await db.Set<RollupState>().Where(s => s.Id == RollupState.TheOne)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeasedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>When the figures were last rolled up (null before the first run).</summary>
    public Task<DateTime?> RolledUpToAsync(CancellationToken ct) =>
        db.Set<RollupState>().Where(s => s.Id == RollupState.TheOne).Select(s => s.RolledUpTo).SingleAsync(ct);

    private async Task ReplaceAsync(DateOnly day, List<DailyFigure> figures, bool backlog, CancellationToken ct)
    {
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        await db.Set<DailyFigure>().Where(f => f.Day == day && (f.Metric == Metrics.Backlog) == backlog).ExecuteDeleteAsync(ct);
        db.Set<DailyFigure>().AddRange(DailyFacts.WithOrganisationTotals(figures));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }
}

/// <summary>What a rollup run counted: the days from <c>From</c> to <c>To</c> (UTC, inclusive), as of <c>RolledUpTo</c>.</summary>
public sealed record RollupRunDto(DateOnly From, DateOnly To, int Days, DateTime RolledUpTo);
