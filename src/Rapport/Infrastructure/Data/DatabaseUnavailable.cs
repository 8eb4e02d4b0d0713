using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Tells a failure of the database itself (PostgreSQL stopped, unreachable or refusing connections; the connection pool
/// exhausted; a SQLite file locked by another process past the busy timeout) from a failure of the request, so the API
/// can answer 503 with <c>Retry-After</c> instead of 500, background work can back off instead of counting the failure
/// against a message, and <c>/health</c> can say what is wrong. EF Core wraps the provider's exception (in a
/// <c>DbUpdateException</c>, or an <c>InvalidOperationException</c> "likely due to a transient failure"), so the whole
/// chain of inner exceptions is searched.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>How long a client is asked to wait (the <c>Retry-After</c> header): about how long a node takes to recover.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public const string ProblemType = "https://rapport.dev/problems/database-unavailable";

    public const string Title = "The database is unavailable.";

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>True also when the storage is full (<see cref="StorageFull"/>): background work backs off from both alike.</summary>
    public static bool Is(Exception exception) => StorageFull.Is(exception) || Cause(exception) is not null;

    /// <summary>A SQLite file locked by another connection or process: reads may still work (WAL) while writes fail.</summary>
    public static bool IsLocked(Exception exception) => Cause(exception) is SqliteException;

    /// <summary>A short reason without host names or file paths (it is shown to anonymous callers of /health), or null.</summary>
    public static string? Describe(Exception exception) => StorageFull.Describe(exception) ?? Cause(exception) switch
    {
        null => null,
        SocketException socket => $"unreachable: {socket.SocketErrorCode}",
        SqliteException sqlite => $"locked: {(sqlite.SqliteErrorCode == SqliteBusy ? "SQLITE_BUSY" : "SQLITE_LOCKED")} after the busy timeout",
        PostgresException postgres => $"unavailable: {postgres.SqlState} {postgres.MessageText}",
        NpgsqlException { InnerException: TimeoutException } => "unreachable: timed out",
        NpgsqlException { InnerException: IOException or EndOfStreamException } => "unreachable: the connection was lost",
        TimeoutException => "unreachable: timed out",
        _ => "unreachable",
    };

    /// <summary>The exception in the chain that says the database is unavailable (the most specific one), or null.</summary>
    private static Exception? Cause(Exception exception)
    {
        Exception? found = null;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Count == 1:
                    continue;
                case SocketException:
                    return e;
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked:
                    return e;
                case PostgresException postgres:
                    return Unavailable(postgres.SqlState) ? e : null;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    found ??= e;
                    break;
                case TimeoutException when found is not null:
                    return e;
            }
        }

        return found;
    }

    // Connection exceptions (08), insufficient resources (53: too many connections, disk full), and the server shutting
    // down or starting up (57P01–57P03). A deadlock or serialization failure is transient but not an outage.
    private static bool Unavailable(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03";
}
