using Microsoft.Data.Sqlite;

namespace Rapport.Load.Generation;

/// <summary>One prepared INSERT per table, reused for every row, inside one transaction per batch.</summary>
internal sealed class SqliteBulkLoad : IBulkLoad
{
    private readonly SqliteConnection connection;
    private readonly Insert<CustomerRow> customers;
    private readonly Insert<ContactPointRow> contactPoints;
    private readonly Insert<NoteRow> notes;

    private SqliteBulkLoad(SqliteConnection connection)
    {
        this.connection = connection;
        customers = new Insert<CustomerRow>(connection, BulkTables.CustomersTable, BulkTables.Customers);
        contactPoints = new Insert<ContactPointRow>(connection, BulkTables.ContactPointsTable, BulkTables.ContactPoints);
        notes = new Insert<NoteRow>(connection, BulkTables.NotesTable, BulkTables.Notes);
    }

    public static async Task<SqliteBulkLoad> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // Durability is not wanted while loading: a crash means generating again. Only this connection is affected.
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return new SqliteBulkLoad(connection);
    }

    public async Task<long> CountCustomersAsync(CancellationToken ct)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {BulkTables.CustomersTable}";
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    public Task WriteAsync(IReadOnlyList<SyntheticCustomer> batch, CancellationToken ct)
    {
        using var transaction = connection.BeginTransaction();
        customers.Enlist(transaction);
        contactPoints.Enlist(transaction);
        notes.Enlist(transaction);
        foreach (var c in batch)
        {
            ct.ThrowIfCancellationRequested();
            customers.Execute(c.Customer);
            foreach (var p in c.ContactPoints)
            {
                contactPoints.Execute(p);
            }

            if (c.Note is { } note)
            {
                notes.Execute(note);
            }
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        customers.Dispose();
        contactPoints.Dispose();
        notes.Dispose();
        await connection.DisposeAsync();
    }

    private sealed class Insert<T> : IDisposable
    {
        private readonly SqliteCommand command;
        private readonly BulkColumn<T>[] columns;

        public Insert(SqliteConnection connection, string table, BulkColumn<T>[] columns)
        {
            this.columns = columns;
            command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO \"{table}\" ({BulkTables.ColumnList(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }
        }

        public void Enlist(SqliteTransaction transaction)
        {
            command.Transaction = transaction;
            command.Prepare();
        }

        public void Execute(T row)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters[i].Value = AsStored(columns[i].Read(row));
            }

            command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();

        // EF Core's SQLite provider stores a Guid as upper-case text (not Microsoft.Data.Sqlite's default blob)
        // and a DateTime as "yyyy-MM-dd HH:mm:ss.FFFFFFF", which is also how Microsoft.Data.Sqlite binds one.
        private static object AsStored(object? value) => value switch
        {
            null => DBNull.Value,
            Guid g => g.ToString("D").ToUpperInvariant(),
            bool b => b ? 1L : 0L,
            _ => value,
        };
    }
}
