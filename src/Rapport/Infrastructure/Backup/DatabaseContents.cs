using System.Data.Common;
using System.Globalization;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Backup;

/// <summary>The schema and row counts of a database copy, read through a connection to the copy itself.</summary>
public static class DatabaseContents
{
    public static string HistoryTable(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSql ? "__ef_migrations_history" : "__EFMigrationsHistory";

    /// <summary>The last migration applied (its id sorts by time), or null when the database has no history.</summary>
    public static async Task<string?> LastMigrationAsync(DbConnection connection, DatabaseProvider provider, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT MAX("MigrationId") FROM "{HistoryTable(provider)}" """;
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Rows in each of <paramref name="tables"/> that exists in the copy.</summary>
    public static async Task<SortedDictionary<string, long>> CountAsync(DbConnection connection, IEnumerable<string> tables, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables.Distinct(StringComparer.Ordinal))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT COUNT(*) FROM "{table.Replace("\"", "\"\"", StringComparison.Ordinal)}" """;
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        return counts;
    }
}
