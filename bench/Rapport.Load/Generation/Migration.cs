using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Time;

namespace Rapport.Load.Generation;

/// <summary>Brings the database to the app's current schema with the app's own migrations, as `rapport migrate` does.</summary>
internal static class Migration
{
    public static async Task RunAsync(DatabaseProvider provider, string connectionString, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = provider.ToString(),
            [$"{DatabaseOptions.Section}:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRapportTime().AddRapportData(configuration);
        await using var serviceProvider = services.BuildServiceProvider();
        await using var scope = serviceProvider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RapportDbContext>().MigrateAsync(ct);
    }
}
