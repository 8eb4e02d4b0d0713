using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Outbox;

/// <summary>
/// Sends due outbox items. Each item is leased in a committed transaction before it is sent and marked sent right
/// after, so a restart resumes where it stopped and two nodes never take the same item. Items travel in lanes (one per
/// kind, one per webhook subscription, <see cref="OutboxItem.Lane"/>): a lane sends its items one after another, lanes
/// run side by side (at most <see cref="MaxLanes"/> at once on a node), and a lane still sending on this node is not
/// leased more, so a slow webhook subscriber holds back only its own deliveries, never a customer's email reply.
/// Just before a sender talks to the outside world the item is marked as sending in a commit of its own: an item found
/// with that mark after its lease ran out was being sent when its node stopped, and is not sent again blindly
/// (<see cref="IOutboxSender.ResendAfterCrash"/>).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxDispatcher> log, IConfiguration config) : BackgroundService
{
    /// <summary>How long a node may take to send a leased item before another may take it (<c>Rapport:Outbox:LeaseSeconds</c>, default 120).</summary>
    public TimeSpan Lease { get; } = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Rapport:Outbox:LeaseSeconds", 120)));
    public const int MaxLanes = 16;
    private readonly SemaphoreSlim wake = new(0);
    private readonly SemaphoreSlim laneSlots = new(MaxLanes);
    /// <summary>Lanes sending on this node, with how many senders each has (two only when a test dispatches beside the loop).</summary>
    private readonly ConcurrentDictionary<string, int> busy = new();

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
        var backoff = new Backoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(2);
            try
            {
                // Lanes run on without being awaited here; one that finishes nudges the loop to lease its next items.
                foreach (var lane in await StartDueAsync(50, stoppingToken))
                {
                    _ = LoggedAsync(lane);
                }

                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException && DatabaseUnavailable.Is(e))
            {
                // Real time: the items stay pending (or leased) in the database and are taken when it is back.
                wait = backoff.Failed();
                log.LogWarning("Outbox dispatch paused for {Wait}, the database is unavailable: {Error}", wait, e.GetBaseException().Message);
                await Task.Delay(wait, stoppingToken);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox dispatch failed; retrying shortly");
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(wake.WaitAsync(tick.Token), Task.Delay(wait, time, tick.Token));
            await tick.CancelAsync();
        }
    }

    private async Task LoggedAsync(Task lane)
    {
        try
        {
            await lane;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Outbox dispatch failed; retrying shortly");
        }
    }

    /// <summary>Sends up to <paramref name="max"/> due items and waits until they are sent; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(int max, CancellationToken ct)
    {
        var lanes = await StartDueAsync(max, ct);
        await Task.WhenAll(lanes);
        return lanes.Count == 0 ? 0 : lanes.Sum(l => l.Result);
    }

    /// <summary>Leases due items of the lanes not sending on this node and starts one sender per lane.</summary>
    private async Task<List<Task<int>>> StartDueAsync(int max, CancellationToken ct)
    {
        var leased = await LeaseDueAsync(max, busy.Where(b => b.Value > 0).Select(b => b.Key).ToList(), ct);
        var lanes = new List<Task<int>>();
        foreach (var lane in leased.GroupBy(i => i.Lane))
        {
            busy.AddOrUpdate(lane.Key, 1, (_, n) => n + 1);
            lanes.Add(SendLaneAsync(lane.Key, lane.ToList(), ct));
        }

        return lanes;
    }

    private async Task<int> SendLaneAsync(string lane, List<(Guid Id, string Lane, DateTime LeasedUntil)> items, CancellationToken ct)
    {
        try
        {
            await laneSlots.WaitAsync(ct);
            try
            {
                foreach (var item in items)
                {
                    await SendOneAsync(item.Id, item.LeasedUntil, ct);
                }

                return items.Count;
            }
            finally
            {
                laneSlots.Release();
            }
        }
        finally
        {
            busy.AddOrUpdate(lane, 0, (_, n) => n - 1);
            Nudge();
        }
    }

    private async Task<List<(Guid Id, string Lane, DateTime LeasedUntil)>> LeaseDueAsync(int max, List<string> busyLanes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        // Whole milliseconds, stored exactly by both providers, so a sender can tell its own lease from a later one.
        var until = now + Lease;
        until = until.AddTicks(-(until.Ticks % TimeSpan.TicksPerMillisecond));
        await using var tx = await db.BeginWriteTransactionAsync(ct);
        var due = db.IsPostgres
            ? await db.OutboxItems.FromSqlInterpolated($"""
                SELECT * FROM outbox WHERE "State" = 'Pending' AND "NextAttemptAt" <= {now}
                AND ("LeasedUntil" IS NULL OR "LeasedUntil" < {now}) AND NOT (COALESCE("Lane", "Kind") = ANY({busyLanes}))
                ORDER BY "NextAttemptAt" LIMIT {max} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.OutboxItems.Where(o => o.State == OutboxState.Pending && o.NextAttemptAt <= now
                    && (o.LeasedUntil == null || o.LeasedUntil < now) && !busyLanes.Contains(o.Lane ?? o.Kind))
                .OrderBy(o => o.NextAttemptAt).Take(max).ToListAsync(ct);
        foreach (var item in due)
        {
            item.Lease(until);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Select(d => (d.Id, d.LaneKey, until)).ToList();
    }

    private async Task SendOneAsync(Guid id, DateTime leasedUntil, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var item = await db.OutboxItems.FirstAsync(o => o.Id == id, ct);
        if (!await StillOursAsync(db, item, leasedUntil, ct))
        {
            return;
        }

        var sender = scope.ServiceProvider.GetServices<IOutboxSender>().FirstOrDefault(s => s.Kind == item.Kind);
        if (item.SendingSince is not null && sender is { ResendAfterCrash: false })
        {
            // The node that leased it stopped mid-send: the customer may have it already.
            item.MarkUnconfirmed(time.GetUtcNow().UtcDateTime);
            log.LogWarning("Outbox item {Id} ({Kind}) was being sent when its node stopped; it is unconfirmed and waits for a person", item.Id, item.Kind);
            await sender.RecordUnconfirmedAsync(item, ct);
            await db.SaveChangesAsync(CancellationToken.None);
            sender.OutcomeCommitted(item);
            return;
        }

        // Committed before anything leaves: a crash from here on is recognisable after the restart.
        item.BeginSending(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
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

    /// <summary>
    /// Whether this node may still send the item: it is pending and under this node's lease. A lease that ran out while the
    /// item waited in its lane is renewed only if no other node has leased it since.
    /// </summary>
    private async Task<bool> StillOursAsync(RapportDbContext db, OutboxItem item, DateTime leasedUntil, CancellationToken ct)
    {
        if (item.State != OutboxState.Pending || item.LeasedUntil != leasedUntil)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (leasedUntil > now)
        {
            return true;
        }

        var renewed = now + Lease;
        var taken = await db.OutboxItems.Where(o => o.Id == item.Id && o.LeasedUntil == leasedUntil)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeasedUntil, renewed), ct);
        if (taken == 0)
        {
            return false;
        }

        await db.Entry(item).ReloadAsync(ct);
        return true;
    }
}
