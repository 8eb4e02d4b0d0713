using Npgsql;

namespace Rapport.Load.Generation;

/// <summary>Binary COPY per table, the three tables of a batch in one transaction.</summary>
internal sealed class PostgresBulkLoad(NpgsqlConnection connection) : IBulkLoad
{
    public static async Task<PostgresBulkLoad> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return new PostgresBulkLoad(connection);
    }

    public async Task<long> CountCustomersAsync(CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {BulkTables.CustomersTable}", connection);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    public async Task WriteAsync(IReadOnlyList<SyntheticCustomer> batch, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await CopyAsync(BulkTables.CustomersTable, BulkTables.Customers, batch.Select(c => c.Customer), ct);
        await CopyAsync(BulkTables.ContactPointsTable, BulkTables.ContactPoints, batch.SelectMany(c => c.ContactPoints), ct);
        await CopyAsync(BulkTables.NotesTable, BulkTables.Notes, batch.Where(c => c.Note is not null).Select(c => c.Note!), ct);
        await transaction.CommitAsync(ct);
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        // Autovacuum would get there eventually; the planner needs the statistics before the first measurement.
        await using var analyze = new NpgsqlCommand(
            $"ANALYZE {BulkTables.CustomersTable}, {BulkTables.ContactPointsTable}, {BulkTables.NotesTable}", connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private async Task CopyAsync<T>(string table, BulkColumn<T>[] columns, IEnumerable<T> rows, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({BulkTables.ColumnList(columns)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                if (column.Read(row) is { } value)
                {
                    await writer.WriteAsync(value, column.PostgresType, ct);
                }
                else
                {
                    await writer.WriteNullAsync(ct);
                }
            }
        }

        await writer.CompleteAsync(ct);
    }
}
