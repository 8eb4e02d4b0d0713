using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// The host on a fresh PostgreSQL database (a copy of the migrated template) created on <c>RAPPORT_TEST_POSTGRES</c>
/// (scripts/test starts a throw-away cluster and sets it). Without it these tests fail: PostgreSQL is a supported provider, so it is never silently skipped.
/// </summary>
public class PostgresRapportFactory : RapportFactory
{
    public const string Variable = "RAPPORT_TEST_POSTGRES";

    private readonly string database = $"rapport_test_{Unique.Letters()}";

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public static string AdminConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set. The PostgreSQL tests need a server to create databases on, e.g. " +
            $"{Variable}=\"Host=127.0.0.1;Port=55432;Username=postgres;Password=...;Database=postgres\". Run scripts/test, which starts one.");

    protected override async Task CreateDatabaseAsync()
    {
        if (StartsMigrated)
        {
            await MigratedTemplate.CreatePostgresAsync(database);
        }
        else
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return; // never created: the failure that stopped it is already reported
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
