using Microsoft.EntityFrameworkCore;

namespace Rapport.IntegrationTests.Customers;

/// <summary>SQLite's per-connection settings hold on every pooled connection, although they are applied once per connection.</summary>
public sealed class SqliteTuningTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    [Fact]
    public async Task Every_context_reads_through_a_tuned_connection()
    {
        for (var i = 0; i < 3; i++)
        {
            var (cacheSize, tempStore) = await app.WithDbAsync(async db => (
                await db.Database.SqlQueryRaw<long>("PRAGMA cache_size").ToListAsync(),
                await db.Database.SqlQueryRaw<long>("PRAGMA temp_store").ToListAsync()));

            Assert.Equal([-65536L], cacheSize);
            Assert.Equal([2L], tempStore);
        }
    }
}
