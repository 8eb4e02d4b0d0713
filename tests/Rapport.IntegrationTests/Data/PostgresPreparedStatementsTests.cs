using Microsoft.EntityFrameworkCore;

namespace Rapport.IntegrationTests.Data;

/// <summary>
/// PostgreSQL keeps the node's frequent statements prepared per connection (parsed and planned once), as the node's
/// configuration asks of Npgsql by default; without it PostgreSQL planned every statement again.
/// </summary>
public sealed class PostgresPreparedStatementsTests(PostgresRapportFactory app) : IClassFixture<PostgresRapportFactory>
{
    [Fact]
    public async Task A_query_the_node_runs_again_on_a_connection_is_prepared_there()
    {
        var prepared = await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            for (var i = 0; i < 6; i++)
            {
                var name = $"Nobody {i}";
                await db.Customers.AsNoTracking().Where(c => c.Name == name).CountAsync();
            }

            return await db.Database
                .SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM customers%' AND NOT from_sql")
                .SingleAsync();
        });

        Assert.Equal(1, prepared);
    }
}
