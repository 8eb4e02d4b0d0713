using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Keeps the stored scores the at-risk list reads up to date: every <c>Rapport:Loyalty:RefreshMinutes</c> (an hour by
/// default; 0 turns the schedule off, and then only POST /api/v1/loyalty/refresh runs it) and soon after the weights change, it works out every customer's figures in
/// batches of <see cref="BatchSize"/> — a few indexed, grouped queries per batch (<see cref="LoyaltySignals"/>), never a
/// scan of messages. Reading or changing one customer's loyalty refreshes theirs at once. Each node runs the timer; a
/// second run writes the same figures, so on several nodes it wastes work but does no harm.
/// </summary>
public sealed class LoyaltyRefresh(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<LoyaltyRefresh> log)
    : BackgroundService
{
    public const int BatchSize = 500;

    private readonly SemaphoreSlim wake = new(0, 1);

    private TimeSpan? Interval => config.GetValue("Rapport:Loyalty:RefreshMinutes", 60) is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : null;

    /// <summary>Asks for a run soon (after the weights changed); several asks before it runs make one run.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    /// <summary>Works out and stores every customer's figures now; how many. Also what tests and POST /loyalty/refresh call.</summary>
    public async Task<int> RunNowAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("loyalty refresh");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var signals = scope.ServiceProvider.GetRequiredService<LoyaltySignals>();
        var settings = await LoyaltySettings.ReadAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var done = 0;
        Guid? after = null;
        while (true)
        {
            var query = db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null && c.ErasedAt == null);
            if (after is { } a)
            {
                query = query.Where(c => c.Id.CompareTo(a) > 0);
            }

            var batch = await query.OrderBy(c => c.Id).Select(c => c.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            await LoyaltyStore.SaveAsync(db, await signals.WorkOutAsync(batch, settings, now, ct), now, ct);
            db.ChangeTracker.Clear();
            done += batch.Count;
            after = batch[^1];
        }

        // Rows of customers merged away or erased since the last run would otherwise stay on the list.
        await db.Set<CustomerLoyalty>().Where(l => !db.Customers.Any(c => c.Id == l.CustomerId && c.MergedIntoId == null && c.ErasedAt == null))
            .ExecuteDeleteAsync(ct);
        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            log.LogInformation("Loyalty refresh on a schedule is off (Rapport:Loyalty:RefreshMinutes = 0); POST /api/v1/loyalty/refresh runs it");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var sleep = Task.Delay(interval, time, timer.Token);
            await Task.WhenAny(sleep, wake.WaitAsync(timer.Token));
            await timer.CancelAsync();
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var count = await RunNowAsync(stoppingToken);
                if (log.IsEnabled(LogLevel.Information))
                {
                    log.LogInformation("Loyalty refresh worked out {Count} customers", count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Loyalty refresh failed; it runs again at the next interval");
            }
        }
    }
}
