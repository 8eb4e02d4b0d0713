using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// The command EF Core makes on a <see cref="HeldSqliteConnection"/>: setting its text borrows that connection's
/// prepared command for the same SQL, and disposing it gives the command back, prepared, instead of finalising it.
/// Everything else is the borrowed <see cref="SqliteCommand"/>'s own behaviour.
/// </summary>
internal sealed class PreparedSqliteCommand(HeldSqliteConnection connection) : DbCommand
{
    private SqliteCommand? inner;
    private string text = "";
    private int? timeout;
    private DbTransaction? transaction = connection.CurrentTransaction;

    [AllowNull]
    public override string CommandText
    {
        get => text;
        set
        {
            value ??= "";
            if (inner is not null && value == text)
            {
                return;
            }

            GiveBack();
            text = value;
        }
    }

    public override int CommandTimeout
    {
        get => timeout ?? connection.DefaultTimeout;
        set => timeout = value;
    }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs text commands only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value is not null && !ReferenceEquals(value, connection))
            {
                throw new InvalidOperationException("A prepared command belongs to the connection that made it.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => Borrowed.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => transaction;
        set => transaction = value;
    }

    private SqliteCommand Borrowed => inner ??= connection.Rent(text);

    public override void Cancel() => inner?.Cancel();

    public override void Prepare() => Ready().Prepare();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
        }

        base.Dispose(disposing);
    }

    private SqliteCommand Ready()
    {
        var command = Borrowed;
        command.Transaction = (SqliteTransaction?)transaction;
        if (timeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        return command;
    }

    private void GiveBack()
    {
        if (inner is not null)
        {
            connection.Return(inner);
            inner = null;
        }
    }
}
