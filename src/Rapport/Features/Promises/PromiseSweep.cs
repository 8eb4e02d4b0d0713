using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// Reminds owners before their promises are due, escalates overdue ones to supervisors (promise.due) and breaks those
/// left overdue past the grace period (promise.broken). Each step is one transaction that changes the promise under its
/// concurrency token, so when two nodes sweep at once exactly one of them commits the step with its notifications and
/// webhooks; the other's save conflicts and it moves on.
/// </summary>
public sealed class PromiseSweep(IServiceScopeFactory scopes, TimeProvider time, PromiseTimings timings, NotificationEvents notifications,
    ILogger<PromiseSweep> log) : BackgroundService
{
    private const int Batch = 100;
    private readonly SemaphoreSlim gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Promise sweep failed; retrying at the next interval");
            }

            await Task.Delay(timings.SweepEvery, time, stoppingToken);
        }
    }

    /// <summary>Takes every step that is due now; returns how many it took (steps another node took are not counted).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var brokenBefore = now - timings.BrokenAfter;
            var taken = 0;
            taken += await StepAllAsync(PromiseStep.Escalate, q => q.Where(p => p.EscalatedAt == null && p.DueAt <= now).OrderBy(p => p.DueAt), now, ct);
            taken += await StepAllAsync(PromiseStep.Break, q => q.Where(p => p.EscalatedAt != null && p.DueAt <= brokenBefore).OrderBy(p => p.DueAt), now, ct);
            taken += await StepAllAsync(PromiseStep.Remind, q => q.Where(p => p.RemindedAt == null && p.EscalatedAt == null && p.RemindAt <= now).OrderBy(p => p.RemindAt), now, ct);
            return taken;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> StepAllAsync(PromiseStep step, Func<IQueryable<Promise>, IQueryable<Promise>> due, DateTime now, CancellationToken ct)
    {
        var taken = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            List<Guid> ids;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                var pending = db.Set<Promise>().AsNoTracking().Where(p => p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated);
                ids = await due(pending).Select(p => p.Id).Take(Batch).ToListAsync(ct);
            }

            var fresh = ids.Where(seen.Add).ToList();
            foreach (var id in fresh)
            {
                taken += await TakeAsync(id, step, now, ct) ? 1 : 0;
            }

            if (ids.Count < Batch || fresh.Count == 0)
            {
                return taken;
            }
        }
    }

    private async Task<bool> TakeAsync(Guid id, PromiseStep step, DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("promise reminders");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var promise = await db.Set<Promise>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promise is null || Reminders.Next(promise, now, timings.BrokenAfter) != step)
        {
            return false; // another node took this step first
        }

        var told = await scope.ServiceProvider.GetRequiredService<PromiseNotices>().WriteAsync(promise, step, timings.BrokenAfter, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            NotTakenThisTime(log, id, step, e); // the step stays due and the next sweep looks again
            return false;
        }

        notifications.Published(told);
        return true;
    }

    /// <summary>
    /// A concurrency conflict (another node changed the promise) or, on SQLite, a busy database is an expected outcome:
    /// one quiet line naming its cause, without the stack trace.
    /// </summary>
    internal static void NotTakenThisTime(ILogger log, Guid id, PromiseStep step, Exception e)
    {
        if (log.IsEnabled(LogLevel.Debug))
        {
            var cause = e.GetBaseException();
            log.LogDebug("Promise {Id}: {Step} not taken this time ({Reason}: {Cause})", id, step, cause.GetType().Name,
                cause.Message.ReplaceLineEndings(" "));
        }
    }
}
