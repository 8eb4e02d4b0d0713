using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rapport.Infrastructure.Data;

/// <summary>Healthy when the database answers a query.</summary>
public sealed class DatabaseHealthCheck(RapportDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
