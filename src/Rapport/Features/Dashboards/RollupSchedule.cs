namespace Rapport.Features.Dashboards;

/// <summary>
/// Rolls the dashboards' figures up every <c>Rapport:Dashboards:RollupMinutes</c> (5 by default; 0 turns it off). Every
/// node runs this timer; a run first takes the lease, so on shared PostgreSQL one node does the work and the rest skip.
/// </summary>
public sealed class RollupSchedule(IServiceScopeFactory scopes, IConfiguration config, TimeProvider time, ILogger<RollupSchedule> log)
    : BackgroundService
{
    private TimeSpan? Interval => config.GetValue("Rapport:Dashboards:RollupMinutes", 5) is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            log.LogInformation("The dashboards' rollup on a schedule is off (Rapport:Dashboards:RollupMinutes = 0)");
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
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DashboardRollup>().RunAsync(null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The dashboards' rollup failed; it runs again in {Interval}", interval);
            }
        }
    }
}
