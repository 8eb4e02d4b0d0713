using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Fuzz;

/// <summary>
/// The row count of every table, in one query over the database's own catalogue: cheap enough to take before and after
/// each refused request, and wide enough that a refused request which wrote anything at all (a row, an audit entry, a
/// journal entry) shows. Updates in place are not seen; every product write is audited, so they show in the audit table.
/// </summary>
public sealed class DatabaseFingerprint
{
    private readonly IServiceProvider services;
    private readonly string[] tables;
    private readonly string query;

    private DatabaseFingerprint(IServiceProvider services, string[] tables)
    {
        this.services = services;
        this.tables = tables;
        query = string.Join(" UNION ALL ", tables.Select((t, i) => $"SELECT {i}, COUNT(*) FROM \"{t}\""));
    }

    /// <summary>Over every table, or only the tables named in <paramref name="only"/>.</summary>
    public static async Task<DatabaseFingerprint> ForAsync(IServiceProvider services, string[]? only = null)
    {
        var tables = new List<string>();
        await WithConnectionAsync(services, async (connection, provider) =>
        {
            await using var list = connection.CreateCommand();
            list.CommandText = provider == DatabaseProvider.PostgreSql
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY 1";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        });
        return new DatabaseFingerprint(services, only is null ? tables.ToArray() : only.Where(tables.Contains).ToArray());
    }

    public async Task<long[]> TakeAsync()
    {
        var counts = new long[tables.Length];
        await WithConnectionAsync(services, async (connection, _) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        });
        return counts;
    }

    public int IndexOf(string table) => Array.IndexOf(tables, table) is >= 0 and var i ? i : throw new ArgumentException($"No table {table}.", nameof(table));

    /// <summary>The tables whose row count differs, with before → after; empty when nothing was written.</summary>
    public string Difference(long[] before, long[] after) =>
        string.Join(", ", tables.Select((t, i) => (t, i)).Where(x => before[x.i] != after[x.i]).Select(x => $"{x.t} {before[x.i]}→{after[x.i]}"));

    private static async Task WithConnectionAsync(IServiceProvider services, Func<DbConnection, DatabaseProvider, Task> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("fuzz");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await work(connection, db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
