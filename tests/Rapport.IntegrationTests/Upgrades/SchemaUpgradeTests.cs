using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Upgrades;

/// <summary>
/// A database from the first schema, holding a customer, their audit entry and (from the migration that brought
/// conversations) a conversation with messages, is upgraded by the host's own start-up and read through the API.
/// </summary>
public abstract class SchemaUpgradeTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Fact]
    public async Task Data_written_by_the_first_schema_is_intact_and_served_after_the_host_applies_every_later_migration()
    {
        var admin = app.ClientAs(Roles.Administrator);

        var customer = await (await admin.GetAsync($"/api/v1/customers/{OldSchemaData.CustomerId}")).ExpectAsync(HttpStatusCode.OK);
        var conversation = await (await admin.GetAsync($"/api/v1/conversations/{OldSchemaData.ConversationId}")).ExpectAsync(HttpStatusCode.OK);
        var found = await (await admin.GetAsync("/api/v1/customers?q=Lovelace")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ada Lovelace", customer["name"]!.GetValue<string>());
        Assert.Contains("Analytical Engines Ltd", customer.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("ada@example.com", customer.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Where is my refund?", conversation["conversation"]!["subject"]!.GetValue<string>());
        var text = conversation.ToJsonString();
        Assert.Contains("I returned the parcel two weeks ago", text, StringComparison.Ordinal);
        Assert.Contains("It is on its way.", text, StringComparison.Ordinal);
        Assert.Contains(OldSchemaData.CustomerId.ToString(), found.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 1));
        Assert.Equal(("customer.created", OldSchemaData.CustomerId.ToString()), (audit.Action, audit.SubjectId));
        Assert.Empty(await app.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
    }

    [Fact]
    public async Task Every_migration_applies_in_order_to_the_schema_before_it_and_keeps_the_rows_of_the_first()
    {
        // From an empty database at migration i, upgrading runs exactly migrations i+1..n: stepping one database through
        // every migration runs each of them on the schema (and rows) every earlier version left.
        var (connectionString, drop) = await EmptyDatabaseAsync();
        try
        {
            await using var old = new OldSchemaData(app.Provider, connectionString);
            var migrations = old.Migrations;
            string? expected = null;
            var withConversation = false;
            foreach (var migration in migrations)
            {
                await old.MigrateToAsync(migration);
                if (expected is null)
                {
                    await old.WriteFirstSchemaRowsAsync();
                }
                else if (!withConversation && migration.EndsWith("_Conversations", StringComparison.Ordinal))
                {
                    await old.WriteConversationRowsAsync();
                    withConversation = true;
                }
                else
                {
                    Assert.True(expected == await old.WrittenRowsAsync(withConversation), $"{migration} changed the rows written before it");
                    continue;
                }

                expected = await old.WrittenRowsAsync(withConversation);
            }

            Assert.True(withConversation, "no migration named Conversations");
            Assert.Equal("Ada Lovelace/External/Analytical Engines Ltd | ada@example.com | customer.created/" +
                $"{OldSchemaData.CustomerId}/{new string('a', 64)} | Where is my refund?/Open | 2", expected, ignoreCase: true);
        }
        finally
        {
            await drop();
        }
    }

    protected abstract Task<(string ConnectionString, Func<Task> Drop)> EmptyDatabaseAsync();

    /// <summary>Brings a new, empty database to the first schema and writes rows the way that version did.</summary>
    internal static async Task WriteOldDatabaseAsync(DatabaseProvider provider, string connectionString)
    {
        await using var old = new OldSchemaData(provider, connectionString);
        var migrations = old.Migrations;
        await old.MigrateToAsync(migrations[0]);
        await old.WriteFirstSchemaRowsAsync();
        await old.MigrateToAsync(migrations.First(m => m.EndsWith("_Conversations", StringComparison.Ordinal)));
        await old.WriteConversationRowsAsync();
    }
}

public sealed class FirstSchemaSqliteFactory : SqliteRapportFactory
{
    protected override bool StartsMigrated => false;

    protected override async Task CreateDatabaseAsync()
    {
        await base.CreateDatabaseAsync();
        await SchemaUpgradeTests<FirstSchemaSqliteFactory>.WriteOldDatabaseAsync(Provider, ConnectionString);
        SqliteConnection.ClearAllPools();
    }
}

public sealed class FirstSchemaPostgresFactory : PostgresRapportFactory
{
    protected override bool StartsMigrated => false;

    protected override async Task CreateDatabaseAsync()
    {
        await base.CreateDatabaseAsync();
        await SchemaUpgradeTests<FirstSchemaPostgresFactory>.WriteOldDatabaseAsync(Provider, ConnectionString);
        NpgsqlConnection.ClearAllPools();
    }
}

public sealed class SchemaUpgradeTestsOnSqlite(FirstSchemaSqliteFactory app) : SchemaUpgradeTests<FirstSchemaSqliteFactory>(app)
{
    protected override Task<(string ConnectionString, Func<Task> Drop)> EmptyDatabaseAsync()
    {
        var directory = Directory.CreateTempSubdirectory("rapport-upgrade-").FullName;
        return Task.FromResult<(string, Func<Task>)>(($"Data Source={Path.Combine(directory, "rapport.db")}", () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        }
        ));
    }
}

public sealed class SchemaUpgradeTestsOnPostgres(FirstSchemaPostgresFactory app) : SchemaUpgradeTests<FirstSchemaPostgresFactory>(app)
{
    protected override async Task<(string ConnectionString, Func<Task> Drop)> EmptyDatabaseAsync()
    {
        var adminConnection = Environment.GetEnvironmentVariable(PostgresRapportFactory.Variable)
            ?? throw new InvalidOperationException($"{PostgresRapportFactory.Variable} is not set. Run scripts/test, which starts a PostgreSQL.");
        var name = $"rapport_upgrade_{Unique.Letters()}";
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return (new NpgsqlConnectionStringBuilder(adminConnection) { Database = name }.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(adminConnection);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        );
    }
}
