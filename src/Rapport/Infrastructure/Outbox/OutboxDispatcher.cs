using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Outbox;

/// <summary>
/// Sends due outbox items. Each item is leased in a committed transaction before it is sent and marked sent right
/// after, so a restart resumes where it stopped and two nodes never take the same item.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxDispatcher> log) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Asks the dispatcher to look now rather than at its next tick (after a reply is queued).</summary>
    public void Nudge()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchDueAsync(50, stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox dispatch failed; retrying shortly");
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(wake.WaitAsync(tick.Token), Task.Delay(TimeSpan.FromSeconds(2), time, tick.Token));
            await tick.CancelAsync();
        }
    }

    /// <summary>Sends up to <paramref name="max"/> due items; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(int max, CancellationToken ct)
    {
        var leased = await LeaseDueAsync(max, ct);
        foreach (var id in leased)
        {
            await SendOneAsync(id, ct);
        }

        return leased.Count;
    }

    private async Task<List<Guid>> LeaseDueAsync(int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var due = db.IsPostgres
            ? await db.OutboxItems.FromSqlInterpolated($"""
                SELECT * FROM outbox WHERE "State" = 'Pending' AND "NextAttemptAt" <= {now}
                AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now})
                ORDER BY "NextAttemptAt" LIMIT {max} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.OutboxItems.Where(o => o.State == OutboxState.Pending && o.NextAttemptAt <= now
                    && (o.LeasedUntil == null || o.LeasedUntil < now))
                .OrderBy(o => o.NextAttemptAt).Take(max).ToListAsync(ct);
        foreach (var item in due)
        {
            item.Lease(now + Lease);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Select(d => d.Id).ToList();
    }

    private async Task SendOneAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var item = await db.OutboxItems.FirstAsync(o => o.Id == id, ct);
        var sender = scope.ServiceProvider.GetServices<IOutboxSender>().FirstOrDefault(s => s.Kind == item.Kind);
        string? error = null;
        var permanent = false;
        try
        {
            if (sender is null)
            {
                throw new PermanentDeliveryException($"No sender for outbox items of kind '{item.Kind}'.");
            }

            await sender.SendAsync(item, ct);
        }
        catch (PermanentDeliveryException e)
        {
            (error, permanent) = (e.Message, true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = e.Message;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var willRetry = false;
        if (error is null)
        {
            item.Succeeded(now);
        }
        else
        {
            willRetry = item.Failed(error, now, permanent);
            log.LogWarning("Outbox item {Id} ({Kind}) failed, attempt {Attempt}: {Error}", item.Id, item.Kind, item.Attempts, error);
        }

        if (sender is not null)
        {
            await sender.RecordOutcomeAsync(item, error is null, willRetry, error, ct);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        sender?.OutcomeCommitted(item);
    }
}
