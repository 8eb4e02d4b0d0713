using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Infrastructure.Data;
using Rapport.IntegrationTests.Cli;
using Rapport.IntegrationTests.Upgrades;
using Xunit.Abstractions;

namespace Rapport.IntegrationTests.Faults;

/// <summary>
/// A database from an earlier version (the first schema, then conversations, with rows written as those versions did) is
/// upgraded by <c>rapport serve</c>, which is killed (SIGKILL) in the middle of applying migrations at seeded points,
/// then started again: it completes the migrations, the old rows are intact, and it answers. A kill leaves EF Core's
/// migration lock behind on SQLite (a row in <c>__EFMigrationsLock</c>) and could stop a table rebuild half way; neither
/// may stop the next start.
/// </summary>
public abstract class MigrationCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 14;

    protected RapportProcess Rapport { get; private set; } = default!;

    protected abstract DatabaseProvider Provider { get; }

    protected abstract string HistoryTable { get; }

    protected abstract Task<RapportProcess> CreateAsync();

    protected abstract DbConnection Connect();

    protected virtual Task DropAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Rapport = await CreateAsync();
        Rapport.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Migrations"] = "Information";
        await SchemaUpgradeTests<FirstSchemaSqliteFactory>.WriteOldDatabaseAsync(Provider, Rapport.ConnectionString);
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        Rapport.Dispose();
        await DropAsync();
    }

    [Fact]
    public async Task Killed_while_migrating_at_start_up_a_restart_completes_every_migration_and_keeps_the_old_rows()
    {
        await using var old = new OldSchemaData(Provider, Rapport.ConnectionString);
        var total = old.Migrations.Count;
        var expected = await old.WrittenRowsAsync(withConversation: true);
        var random = new Random(Seed);
        var kills = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = await AppliedAsync();
            if (before == total)
            {
                break;
            }

            // Killed right after EF Core announces the n-th migration it applies in this run: in the middle of one.
            var nth = random.Next(1, Math.Max(2, (total - before) / 2));
            await using var server = Rapport.Launch();
            var giveUp = DateTime.UtcNow.AddMinutes(1);
            while (Count(server.Output, "Applying migration") < nth && !server.HasExited && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(1);
            }

            await server.KillAsync();
            kills.Add($"killed during migration {before + nth} of {total}: {await AppliedAsync()} applied, lock rows left: {await LockRowsAsync()}");
        }

        output.WriteLine(string.Join("\n", kills));
        var recovery = Stopwatch.StartNew();
        await using (var restarted = await Rapport.ServeAsync())
        {
            output.WriteLine($"Restart to healthy after the last kill: {recovery.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal(total, await AppliedAsync());
            Assert.Equal(expected, await old.WrittenRowsAsync(withConversation: true));
            Assert.Equal(0, await LockRowsAsync());
        }
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_process_does_not_stop_the_next_start()
    {
        // What SIGKILL leaves on SQLite while EF Core holds its lock: the row no one will delete.
        if (Provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-12-05 10:00:00');
                """);
        }

        await using var old = new OldSchemaData(Provider, Rapport.ConnectionString);
        await using var server = await Rapport.ServeAsync();
        Assert.Equal(old.Migrations.Count, await AppliedAsync());
    }

    [Fact]
    public async Task Every_migration_runs_whole_inside_a_transaction_so_a_kill_leaves_it_applied_or_not_at_all()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rapport:Database:Provider"] = Provider.ToString(),
            ["Rapport:Database:ConnectionString"] = Rapport.ConnectionString,
        }).Build());
        services.AddLogging().AddSingleton(TimeProvider.System);
        services.AddRapportData(services.BuildServiceProvider().GetRequiredService<IConfiguration>());
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var assembly = db.GetService<IMigrationsAssembly>();
        var generator = db.GetService<IMigrationsSqlGenerator>();
        var initializer = db.GetService<IModelRuntimeInitializer>();
        var outside = new List<string>();
        foreach (var (id, type) in assembly.Migrations)
        {
            var migration = assembly.CreateMigration(type, db.Database.ProviderName!);
            var model = migration.TargetModel is { } target ? initializer.Initialize(target) : null;
            outside.AddRange(generator.Generate(migration.UpOperations, model).Where(c => c.TransactionSuppressed)
                .Select(c => $"{id}: {c.CommandText.Trim()}"));
        }

        Assert.Empty(outside);
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task<int> AppliedAsync() => (int)await ScalarAsync($"""SELECT COUNT(*) FROM "{HistoryTable}" """);

    private async Task<int> LockRowsAsync() => Provider == DatabaseProvider.Sqlite
        && await ScalarAsync("""SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsLock'""") > 0
            ? (int)await ScalarAsync("""SELECT COUNT(*) FROM "__EFMigrationsLock" """)
            : 0;

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class MigrationCrashTestsOnSqlite(ITestOutputHelper output) : MigrationCrashTests(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string HistoryTable => "__EFMigrationsHistory";

    protected override Task<RapportProcess> CreateAsync() => Task.FromResult(new RapportProcess());

    protected override DbConnection Connect() => new SqliteConnection(Rapport.ConnectionString + ";Pooling=False");
}

public sealed class MigrationCrashTestsOnPostgres(ITestOutputHelper output) : MigrationCrashTests(output)
{
    private readonly ProcessDatabase database = new("rapport_migcrash");

    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override string HistoryTable => "__ef_migrations_history";

    protected override async Task<RapportProcess> CreateAsync() =>
        new() { Provider = "PostgreSql", ConnectionString = await database.CreateAsync() };

    protected override DbConnection Connect() => new NpgsqlConnection(Rapport.ConnectionString);

    protected override Task DropAsync() => database.DropAsync();
}

/// <summary>A PostgreSQL database of its own for a <see cref="RapportProcess"/>, dropped afterwards.</summary>
public sealed class ProcessDatabase(string prefix)
{
    private readonly string name = $"{prefix}_{Unique.Letters()}";
    private bool created;

    public async Task<string> CreateAsync()
    {
        await using (var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        created = true;
        return new NpgsqlConnectionStringBuilder(PostgresRapportFactory.AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropAsync()
    {
        if (!created)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
