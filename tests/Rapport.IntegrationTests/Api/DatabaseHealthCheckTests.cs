using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Api;

/// <summary>The health probe is cheap (asked at most once a second) and still tells a broken database.</summary>
public sealed class DatabaseHealthCheckTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("rapport-health-").FullName;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private DatabaseHealthCheck CheckFor(string dataSource)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rapport:Database:ConnectionString"] = $"Data Source={dataSource}" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        services.AddRapportData(configuration);
        var provider = services.BuildServiceProvider();
        return ActivatorUtilities.CreateInstance<DatabaseHealthCheck>(provider);
    }

    private static Task<HealthCheckResult> AskAsync(DatabaseHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_unhealthy()
    {
        var check = CheckFor(Path.Combine(directory, "no-such-folder", "rapport.db"));

        Assert.Equal(HealthStatus.Unhealthy, (await AskAsync(check)).Status);
    }

    [Fact]
    public async Task The_answer_is_reused_for_a_second_then_asked_again()
    {
        var file = Path.Combine(directory, "rapport.db");
        var check = CheckFor(file);
        Assert.Equal(HealthStatus.Unhealthy, (await AskAsync(check)).Status); // no customers table yet

        await using (var scope = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock)
            .AddRapportData(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Rapport:Database:ConnectionString"] = $"Data Source={file}",
            }).Build()).BuildServiceProvider().CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RapportDbContext>().MigrateAsync();
        }

        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(HealthStatus.Unhealthy, (await AskAsync(check)).Status);
        clock.Advance(DatabaseHealthCheck.Fresh);
        Assert.Equal(HealthStatus.Healthy, (await AskAsync(check)).Status);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
