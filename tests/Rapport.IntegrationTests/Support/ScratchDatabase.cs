using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>An empty database of its own on the provider under test, for walking migrations one by one.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly DatabaseProvider provider;
    private readonly string connectionString;
    private readonly string? directory;
    private readonly string? name;

    private ScratchDatabase(DatabaseProvider provider, string connectionString, string? directory, string? name) =>
        (this.provider, this.connectionString, this.directory, this.name) = (provider, connectionString, directory, name);

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("rapport-scratch-").FullName;
            return new ScratchDatabase(provider, $"Data Source={Path.Combine(directory, "scratch.db")}", directory, null);
        }

        var name = "rapport_scratch_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new ScratchDatabase(provider, new NpgsqlConnectionStringBuilder(PostgresRapportFactory.AdminConnectionString) { Database = name }.ConnectionString,
            null, name);
    }

    /// <summary>A context as the host makes it (same migrations and history table), without the host's interceptors.</summary>
    public RapportDbContext Context() => provider == DatabaseProvider.Sqlite
        ? new SqliteRapportDbContext(new DbContextOptionsBuilder<SqliteRapportDbContext>().UseSqlite(connectionString).Options)
        : new PostgresRapportDbContext(new DbContextOptionsBuilder<PostgresRapportDbContext>()
            .UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__ef_migrations_history")).Options);

    public async ValueTask DisposeAsync()
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory!, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresRapportFactory.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
