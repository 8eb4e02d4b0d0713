using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Infrastructure.Data;

namespace Rapport.UnitTests.Infrastructure;

public sealed class SqliteProcessSettingsTests
{
    private const int StatusMallocCount = 9; // SQLITE_STATUS_MALLOC_COUNT

    /// <summary>
    /// Registers the data services the way a node does, before any test of this process can open a SQLite connection
    /// (the settings are process-wide and taken only before the first one).
    /// </summary>
#pragma warning disable CA2255 // a test assembly's one set-up that must precede every test, as a node's start precedes its requests
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterDataServicesFirst() =>
        new ServiceCollection().AddRapportData(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Rapport:Database:Provider"] = "Sqlite", ["Rapport:Database:ConnectionString"] = "Data Source=:memory:" })
            .Build());

    [Fact]
    public void Registering_the_data_services_turns_off_sqlites_allocation_counting_before_any_connection()
    {
        Assert.True(SqliteProcessSettings.Attempted, "AddRapportData applies the settings");
        Assert.Equal(0, SqliteProcessSettings.Apply());

        SQLitePCL.raw.sqlite3_status(StatusMallocCount, out var before, out _, 0);
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE VIRTUAL TABLE t USING fts5(x); INSERT INTO t VALUES ('several words to index'); SELECT count(*) FROM t WHERE t MATCH 'word*';";
        Assert.Equal(1L, command.ExecuteScalar());

        // Counting every allocation is what took the global mutex. Counted, the open connection's allocations would be
        // outstanding here; with counting off the figure does not move.
        SQLitePCL.raw.sqlite3_status(StatusMallocCount, out var after, out _, 0);
        Assert.Equal(before, after);
    }
}
