using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// One database per provider migrated once per test process, which each fixture's database starts as a copy of: running
/// every migration took about 3 s of each class's ~4 s start. The host still runs its migration step on the copy (finding
/// nothing to apply) and seeds the roles itself; the template holds the migrated schema and nothing a start writes.
/// Tests of migrations themselves start from an empty database (<see cref="ScratchDatabase"/>, the upgrade factories).
/// </summary>
internal static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MigrateSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresDatabase = new(MigratePostgresAsync);

    /// <summary>Copies the migrated SQLite file to <paramref name="file"/>.</summary>
    public static async Task CopySqliteToAsync(string file) => File.Copy(await SqliteFile.Value, file);

    /// <summary>Creates the PostgreSQL database <paramref name="database"/> as a copy of the migrated one.</summary>
    public static async Task CreatePostgresAsync(string database)
    {
        var template = await PostgresDatabase.Value;
        await using var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database} TEMPLATE {template}", admin);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<string> MigrateSqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("rapport-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
        var file = Path.Combine(directory, "rapport.db");
        // Unpooled, so the last connection closes with the migration: SQLite then checkpoints the WAL into the file and
        // removes it, and the file alone is the whole database.
        await MigrateAsync(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        if (File.Exists(file + "-wal"))
        {
            throw new InvalidOperationException($"The migrated template {file} still has a write-ahead log; a copy of the file alone would miss it.");
        }

        return file;
    }

    private static async Task<string> MigratePostgresAsync()
    {
        // Unique to this process: test processes sharing a server do not copy each other's template mid-migration.
        var template = $"rapport_template_{Unique.Letters()}";
        await using (var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {template}", admin);
            await create.ExecuteNonQueryAsync();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(template);
        // Unpooled: CREATE DATABASE ... TEMPLATE fails while any session is connected to the template.
        await MigrateAsync(DatabaseProvider.PostgreSql,
            new NpgsqlConnectionStringBuilder(PostgresRapportFactory.AdminConnectionString) { Database = template, Pooling = false }.ConnectionString);
        return template;
    }

    // The host's own data set-up and migration step (as DatabaseHealthCheckTests use it), without the host.
    private static async Task MigrateAsync(DatabaseProvider provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rapport:Database:Provider"] = provider.ToString(),
            ["Rapport:Database:ConnectionString"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddRapportData(configuration).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RapportDbContext>().MigrateAsync();
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static void DropQuietly(string template)
    {
        try
        {
            using var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {template} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server may be gone first (scripts/test stops its throw-away cluster after the run); nothing is left then.
        }
    }
}
