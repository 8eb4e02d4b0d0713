namespace Rapport.IntegrationTests.Api;

public abstract class HealthTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Fact]
    public async Task Health_answers_200_when_the_database_is_reachable()
    {
        var response = await app.ClientAs(null).GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"healthy","database":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_host_migrated_its_database_before_serving()
    {
        var applied = await app.WithDbAsync(async db =>
        {
            var pending = await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database);
            return pending.ToList();
        });

        Assert.Empty(applied);
    }
}

public sealed class HealthTestsOnSqlite(SqliteRapportFactory app) : HealthTests<SqliteRapportFactory>(app);

public sealed class HealthTestsOnPostgres(PostgresRapportFactory app) : HealthTests<PostgresRapportFactory>(app);
