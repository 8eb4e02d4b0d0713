using Rapport.Features.Audit;

namespace Rapport.Features.Privacy;

/// <summary>
/// Runs retention every <c>Rapport:Retention:RunMinutes</c> (a day by default; 0 turns the schedule off). Every node
/// runs this timer, but a run first takes the lease on the policy row, so when several nodes share PostgreSQL one of
/// them does the work and the others skip their turn. With every period off (the default) a run changes nothing.
/// </summary>
public sealed class RetentionSchedule(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<RetentionSchedule> log)
    : BackgroundService
{
    private TimeSpan? Interval => config.GetValue("Rapport:Retention:RunMinutes", 1440) is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : null;

    /// <summary>One scheduled run, in its own scope; null when another node was running retention. Also what tests call.</summary>
    public async Task<RetentionRunDto?> RunNowAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("retention");
        var run = await scope.ServiceProvider.GetRequiredService<RetentionService>().RunAsync("schedule", ct);
        if (run is { Items.Count: > 0 } && log.IsEnabled(LogLevel.Information))
        {
            log.LogInformation("Retention run {RunId}: {Items}", run.RunId, string.Join(", ", run.Items.Select(i => $"{i.Kind} {i.Action} {i.Count} (held {i.Held})")));
        }

        return run;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            log.LogInformation("Retention on a schedule is off (Rapport:Retention:RunMinutes = 0)");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await RunNowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Retention run failed; it runs again in {Interval}", interval);
            }
        }
    }
}
