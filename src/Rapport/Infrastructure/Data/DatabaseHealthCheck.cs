using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Healthy when the database answers a query, asked at most once per <see cref="Fresh"/> however often the probe is
/// called. The query reads a table through the app's own pooled connections: EF Core's <c>CanConnect</c> opened a new
/// native SQLite connection on every call, which cost more CPU than reading a customer. A read that succeeds is not
/// the whole answer: requests that failed on the database's lock just before count too (<see cref="DatabaseOutages"/>).
/// </summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, TimeProvider time, DatabaseOutages outages, ILogger<DatabaseHealthCheck> log)
    : IHealthCheck
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<HealthCheckResult>? latest;
    private DateTimeOffset askedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            // A check still running is shared, so a stalled database does not pile up one query per probe.
            if (latest is null || (latest.IsCompleted && now - askedAt >= Fresh))
            {
                askedAt = now;
                latest = AskAsync();
            }

            return latest.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> AskAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await db.Customers.AnyAsync(c => c.Id == Guid.Empty, timeout.Token);
            return outages.Recent() is { } why ? HealthCheckResult.Unhealthy($"{why} (reads work, writes fail)") : HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            log.LogWarning("The database did not answer the health check: {Error}", e.Message);
            // The reason is shown to anyone who asks /health: the classified one names no host or file.
            return HealthCheckResult.Unhealthy(DatabaseUnavailable.Describe(e) ?? $"error: {e.GetType().Name}", e);
        }
    }
}
