using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Settings SQLite keeps per connection, applied whenever one is opened. The defaults suit a small file: a 2 MiB page
/// cache makes a batch of a few hundred messages spill dirty pages into the WAL before it commits and read every page
/// of a 1 GB database through a system call. Durability is not touched: <c>synchronous</c> stays FULL.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    // 64 MiB of page cache (negative = KiB); 1 GiB of the file mapped, so readers share the operating system's pages.
    internal const string Pragmas = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
