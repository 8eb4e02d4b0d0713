using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// The SQLite connection of one pooled context: it stays open from its first query until the context is disposed (while
/// no more than <see cref="MaxOpen"/> to its database are open), and keeps each statement it has run prepared for the
/// next run of the same SQL (<see cref="PreparedSqliteCommand"/>).
/// EF Core opens and closes its connection around every query and again when a context goes back to the pool, and
/// Microsoft.Data.Sqlite finalises a connection's statements when it closes: so every query was parsed and planned
/// again — a quarter of a customer read's CPU, more than executing it.
/// </summary>
/// <remarks>
/// Closing here only ends what a close must end: a transaction still open is rolled back (as a real close does). Reads
/// never hold a snapshot between queries: a statement is reset when its reader is disposed, so the next query sees
/// every commit made since. Disposing the connection closes it for real.
/// </remarks>
internal sealed class HeldSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    // Distinct SQL texts kept per connection; EF's queries are parameterised, so this is bounded by the queries the
    // application has, but a statement built from input (a search over N words) must not grow it without end.
    internal const int MaxStatements = 256;

    // Held connections cost about half a MiB each (the schema, the statements). Connections to one database stay open
    // only while no more than this many to it are open, so a burst of requests or many open pages do not leave
    // hundreds behind; over it a context's connection closes after each use as EF Core's own would.
    internal const int MaxOpen = 128;

    // Per database file (a process can hold several: tests, a CLI next to a node).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<int>> OpenPerDatabase = new(StringComparer.Ordinal);

    private readonly Dictionary<string, SqliteCommand> idle = new(StringComparer.Ordinal);
    private readonly StrongBox<int> open = OpenPerDatabase.GetOrAdd(connectionString, _ => new StrongBox<int>());
    private bool closingForReal;
    private bool counted;

    /// <summary>How many held connections to this connection's database are open now.</summary>
    internal int OpenCount => Volatile.Read(ref open.Value);

    internal int PreparedCount => idle.Count;

    /// <summary>The transaction open on this connection, which a new command joins (as Microsoft.Data.Sqlite's own do).</summary>
    internal SqliteTransaction? CurrentTransaction => Transaction;

    public override void Open()
    {
        base.Open();
        if (!counted)
        {
            counted = true;
            Interlocked.Increment(ref open.Value);
        }
    }

    public override void Close()
    {
        if (closingForReal || State != ConnectionState.Open || OpenCount > MaxOpen)
        {
            CloseForReal();
            return;
        }

        // The transaction a real close would roll back (one left behind by a failure before the context's own reset).
        Transaction?.Dispose();
    }

    private void CloseForReal()
    {
        foreach (var command in idle.Values)
        {
            command.Dispose();
        }

        idle.Clear();
        base.Close();
        if (counted)
        {
            counted = false;
            Interlocked.Decrement(ref open.Value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        closingForReal = true;
        base.Dispose(disposing);
    }

    protected override DbCommand CreateDbCommand() => new PreparedSqliteCommand(this);

    /// <summary>A command for <paramref name="sql"/>, prepared already if this connection ran it before.</summary>
    internal SqliteCommand Rent(string sql)
    {
        if (idle.Remove(sql, out var command))
        {
            return command;
        }

        command = CreateCommand();
        command.CommandText = sql;
        return command;
    }

    internal void Return(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        command.CommandTimeout = DefaultTimeout;
        // A command given back after its connection closed lost its statements with the close: not worth keeping.
        if (closingForReal || State != ConnectionState.Open || idle.Count >= MaxStatements || !idle.TryAdd(command.CommandText, command))
        {
            command.Dispose();
        }
    }
}
