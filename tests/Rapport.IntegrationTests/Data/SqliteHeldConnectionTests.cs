using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Data;

/// <summary>
/// On SQLite each pooled context keeps its connection open and its statements prepared (<see cref="HeldSqliteConnection"/>):
/// a query run again is not parsed again, yet it sees every commit made since, and nothing a close must end survives it.
/// </summary>
public sealed class SqliteHeldConnectionTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    [Fact]
    public async Task A_query_run_again_reuses_its_prepared_statement_and_sees_what_another_connection_committed_in_between()
    {
        var customer = await NewCustomerAsync("Before");
        await app.WithDbAsync(async reader =>
        {
            var connection = Assert.IsType<HeldSqliteConnection>(reader.Database.GetDbConnection());
            Assert.Equal("Before", await NameAsync(reader, customer));
            var prepared = connection.PreparedCount;
            Assert.True(prepared > 0, "the statement went back to the connection prepared");
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);

            // Another context, another connection, commits while the reader's statement sits prepared.
            await app.WithDbAsync(async writer =>
            {
                Assert.NotSame(connection, writer.Database.GetDbConnection());
                await writer.Customers.Where(c => c.Id == customer).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "After"));
            });

            Assert.Equal("After", await NameAsync(reader, customer));
            Assert.Equal(prepared, connection.PreparedCount);
        });
    }

    [Fact]
    public async Task A_transaction_left_open_on_a_context_going_back_to_the_pool_is_rolled_back_and_the_connection_stays_open()
    {
        SqliteConnection? held = null;
        var customer = await NewCustomerAsync("Untouched");
        await app.WithDbAsync(async db =>
        {
            held = Assert.IsType<HeldSqliteConnection>(db.Database.GetDbConnection());
            await db.Database.OpenConnectionAsync();
            var transaction = held.BeginTransaction();
            await using var update = held.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE customers SET name = 'Changed' WHERE id = $id";
            update.Parameters.AddWithValue("$id", customer);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            // Neither committed nor disposed: the scope ends and the context goes back to the pool.
        });

        Assert.Equal(System.Data.ConnectionState.Open, held!.State);
        Assert.Equal("Untouched", await app.WithDbAsync(db => NameAsync(db, customer)));

        // The write lock went with the transaction: another writer gets in at once.
        await app.WithDbAsync(db => db.Customers.Where(c => c.Id == customer).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Written")));
        Assert.Equal("Written", await app.WithDbAsync(db => NameAsync(db, customer)));
    }

    [Fact]
    public async Task Statements_built_from_input_do_not_grow_a_connection_without_end()
    {
        var kept = await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < HeldSqliteConnection.MaxStatements + 40; i++)
            {
                // A distinct SQL text each time, as a query shaped by its input would make.
                var sql = $"SELECT {i} AS \"Value\"";
                await db.Database.SqlQueryRaw<int>(sql).SingleAsync();
            }

            return ((HeldSqliteConnection)db.Database.GetDbConnection()).PreparedCount;
        });

        Assert.Equal(HeldSqliteConnection.MaxStatements, kept);
    }

    [Fact]
    public async Task A_burst_of_contexts_going_back_to_the_pool_leaves_at_most_the_limit_of_connections_open()
    {
        var scopes = new List<AsyncServiceScope>();
        var connections = new List<HeldSqliteConnection>();
        for (var i = 0; i < HeldSqliteConnection.MaxOpen + 20; i++)
        {
            var scope = app.Services.CreateAsyncScope();
            scopes.Add(scope);
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            await db.Customers.AsNoTracking().Take(1).CountAsync();
            connections.Add(Assert.IsType<HeldSqliteConnection>(db.Database.GetDbConnection()));
        }

        // Past the limit a context's connection closes after its query, as EF Core's own would.
        Assert.InRange(connections.Count(c => c.State == System.Data.ConnectionState.Open), 1, HeldSqliteConnection.MaxOpen);
        Assert.Equal(System.Data.ConnectionState.Closed, connections[^1].State);
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        var open = connections.Count(c => c.State == System.Data.ConnectionState.Open);
        Assert.InRange(open, 1, HeldSqliteConnection.MaxOpen);
    }

    private static Task<string> NameAsync(RapportDbContext db, Guid id) =>
        db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleAsync();

    private async Task<Guid> NewCustomerAsync(string name)
    {
        var customer = Customer.Create(name, PartyType.Person, CustomerKind.External, null, app.Clock.GetUtcNow().UtcDateTime);
        await app.WithDbAsync(async db =>
        {
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        });
        return customer.Id;
    }
}
