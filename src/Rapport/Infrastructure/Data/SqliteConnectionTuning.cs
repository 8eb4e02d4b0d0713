using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Settings SQLite keeps per connection, applied once to each native connection. The defaults suit a small file: a
/// 2 MiB page cache makes a batch of a few hundred messages spill dirty pages into the WAL before it commits and read
/// every page of a 1 GB database through a system call. Durability is not touched: <c>synchronous</c> stays FULL.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    // 64 MiB of page cache (negative = KiB); 1 GiB of the file mapped, so readers share the operating system's pages.
    internal const string Pragmas = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;";

    // Microsoft.Data.Sqlite pools native connections and EF Core opens one per query: running the pragmas on every
    // open prepared three statements per query. The native handle outlives each open, so remember which are tuned.
    private static readonly ConditionalWeakTable<object, object> Tuned = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsTuning(connection) is { } handle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Tuned.AddOrUpdate(handle, handle);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsTuning(connection) is { } handle)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Tuned.AddOrUpdate(handle, handle);
        }
    }

    private static object? NeedsTuning(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !Tuned.TryGetValue(handle, out _) ? handle : null;
}
