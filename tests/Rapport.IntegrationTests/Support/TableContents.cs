using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// Every table of a database as sorted rows of text, found from the database's own catalogue (not the EF model), so
/// full-text indexes and the migration history are compared too.
/// </summary>
public static class TableContents
{
    public static DbConnection Connect(DatabaseProvider provider, string connectionString) => provider == DatabaseProvider.PostgreSql
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());

    public static async Task<SortedDictionary<string, List<string>>> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        await using var connection = Connect(provider, connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = provider == DatabaseProvider.PostgreSql
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var contents = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"""SELECT * FROM "{table}" """;
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Text(reader.GetValue(i))}")));
            }

            rows.Sort(StringComparer.Ordinal);
            contents[table] = rows;
        }

        return contents;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        string text => text,
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(",", items.Cast<object>().Select(Text)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Every file under <paramref name="directory"/> by its relative path, with its bytes.</summary>
    public static SortedDictionary<string, byte[]> Files(string directory) => new(
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes)
            : [],
        StringComparer.Ordinal);
}
