using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Writes many rows of mapped entities with plain SQL, without the change tracker, inside the context's current
/// transaction: the hot path's write (ingestion). Tables, columns and value conversions come from the EF model, so
/// rows are stored exactly as EF would store them. SQLite gets one prepared statement reused for every row (the
/// engine is in-process, a statement per row is cheap); PostgreSQL gets multi-row INSERTs and one batch of UPDATEs
/// per call (one round trip each, not one per row).
/// </summary>
internal sealed class RowWriter(RapportDbContext db)
{
    // PostgreSQL allows 65,535 parameters per statement.
    private const int MaxParameters = 30_000;

    private static readonly ConcurrentDictionary<(IModel, Type), TableShape> Shapes = new();

    // PostgreSQL, when made by Batched: the inserts gathered to go to the server in one round trip on FlushAsync.
    private DbBatch? batch;

    /// <summary>
    /// A writer whose PostgreSQL inserts wait for <see cref="FlushAsync"/> and then go in one round trip (a create's
    /// record, contact points and audit entries: one trip, not one per table). On SQLite it writes at once, as ever.
    /// </summary>
    public static RowWriter Batched(RapportDbContext db)
    {
        var writer = new RowWriter(db);
        if (db.IsPostgres && writer.Connection.CanCreateBatch)
        {
            writer.batch = writer.Connection.CreateBatch();
        }

        return writer;
    }

    /// <summary>Sends the gathered inserts (PostgreSQL, <see cref="Batched"/>); nothing to do otherwise.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (batch is not { BatchCommands.Count: > 0 })
        {
            return;
        }

        batch.Transaction = Transaction;
        await batch.ExecuteNonQueryAsync(ct);
        await batch.DisposeAsync();
        batch = Connection.CreateBatch();
    }

    private DbConnection Connection => db.Database.GetDbConnection();

    private DbTransaction Transaction => db.Database.CurrentTransaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("RowWriter writes inside the caller's transaction; begin one first.");

    /// <summary>Inserts the rows. A key the database generates (an identity) is left for it to fill.</summary>
    public Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct) where T : class => InsertAsync(rows, null, ct);

    /// <summary>Inserts a set of rows of one mapped type (see <see cref="RowSet"/>).</summary>
    public Task InsertAsync(RowSet set, CancellationToken ct) => InsertAsync(set.Rows, set.Type, null, ct);

    /// <summary>
    /// Inserts the rows whose unique keys are still free and leaves out the others (ON CONFLICT DO NOTHING, also between
    /// copies within <paramref name="rows"/>), and says per row whether it was inserted. <paramref name="idProperty"/> names
    /// a column whose value is different in every given row: PostgreSQL reports the inserted rows by it.
    /// </summary>
    public Task<bool[]> InsertNewAsync<T>(IReadOnlyList<T> rows, string idProperty, CancellationToken ct) where T : class =>
        InsertAsync(rows, idProperty, ct);

    private Task<bool[]> InsertAsync<T>(IReadOnlyList<T> rows, string? idProperty, CancellationToken ct) where T : class =>
        InsertAsync(rows, typeof(T), idProperty, ct);

    private async Task<bool[]> InsertAsync<T>(IReadOnlyList<T> rows, Type type, string? idProperty, CancellationToken ct) where T : class
    {
        var inserted = new bool[rows.Count];
        if (rows.Count == 0)
        {
            return inserted;
        }

        var shape = ShapeOf(type);
        var id = idProperty is null ? null : shape.Column(idProperty);
        var conflict = id is null ? "" : " ON CONFLICT DO NOTHING";
        if (db.IsPostgres)
        {
            var perStatement = Math.Max(1, MaxParameters / shape.Columns.Count);
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var chunk = rows.Skip(start).Take(perStatement).ToList();
                await using var command = NewCommand();
                var deferred = batch?.CreateBatchCommand();
                var sql = new StringBuilder($"INSERT INTO {shape.Table} ({string.Join(", ", shape.Columns.Select(c => c.Quoted))}) VALUES ");
                for (var r = 0; r < chunk.Count; r++)
                {
                    sql.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < shape.Columns.Count; c++)
                    {
                        var name = $"@p{(r * shape.Columns.Count) + c}";
                        sql.Append(c == 0 ? name : ", " + name);
                        shape.Columns[c].Bind(command, name, chunk[r]);
                    }

                    sql.Append(')');
                }

                if (id is null)
                {
                    if (deferred is not null)
                    {
                        deferred.CommandText = sql.ToString();
                        foreach (var parameter in command.Parameters.Cast<DbParameter>().ToList())
                        {
                            command.Parameters.Remove(parameter);
                            deferred.Parameters.Add(parameter);
                        }

                        batch!.BatchCommands.Add(deferred);
                        continue;
                    }

                    command.CommandText = sql.ToString();
                    await command.ExecuteNonQueryAsync(ct);
                    continue;
                }

                if (batch is not null)
                {
                    throw new NotSupportedException("A batched writer defers its inserts; it cannot say at once which rows were new.");
                }

                command.CommandText = sql.Append(conflict).Append(" RETURNING ").Append(id.Quoted).ToString();
                var returned = new HashSet<object>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        returned.Add(reader.GetValue(0));
                    }
                }

                for (var r = 0; r < chunk.Count; r++)
                {
                    inserted[start + r] = returned.Contains(id.ProviderValue(chunk[r]));
                }
            }

            return inserted;
        }

        await using var insert = NewCommand();
        insert.CommandText = $"INSERT INTO {shape.Table} ({string.Join(", ", shape.Columns.Select(c => c.Quoted))}) "
            + $"VALUES ({string.Join(", ", shape.Columns.Select((_, i) => $"@p{i}"))}){conflict}";
        return await RunPerRowAsync(insert, shape.Columns, rows, ct);
    }

    /// <summary>Sets <paramref name="properties"/> of each row, found by its key.</summary>
    public async Task UpdateAsync<T>(IReadOnlyList<T> rows, IReadOnlyList<string> properties, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = ShapeOf<T>();
        var set = properties.Select(shape.Column).ToList();
        var columns = set.Append(shape.Key).ToList();
        var sql = $"UPDATE {shape.Table} SET {string.Join(", ", set.Select((c, i) => $"{c.Quoted} = @p{i}"))} WHERE {shape.Key.Quoted} = @p{set.Count}";
        if (db.IsPostgres && Connection.CanCreateBatch)
        {
            await using var batch = Connection.CreateBatch();
            batch.Transaction = Transaction;
            foreach (var row in rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                using var carrier = Connection.CreateCommand();
                for (var i = 0; i < columns.Count; i++)
                {
                    command.Parameters.Add(columns[i].CreateParameter(carrier, $"@p{i}", row));
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
            return;
        }

        await using var update = NewCommand();
        update.CommandText = sql;
        await RunPerRowAsync(update, columns, rows, ct);
    }

    /// <summary>Runs the statement once per row; says per row whether it changed anything.</summary>
    private static async Task<bool[]> RunPerRowAsync<T>(DbCommand command, IReadOnlyList<Column> columns, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        var changed = new bool[rows.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            columns[c].Bind(command, $"@p{c}", rows[0]);
        }

        await command.PrepareAsync(ct);
        changed[0] = await command.ExecuteNonQueryAsync(ct) > 0;
        for (var r = 1; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                command.Parameters[c].Value = columns[c].ProviderValue(rows[r]);
            }

            changed[r] = await command.ExecuteNonQueryAsync(ct) > 0;
        }

        return changed;
    }

    private DbCommand NewCommand()
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        return command;
    }

    private TableShape ShapeOf<T>() => ShapeOf(typeof(T));

    private TableShape ShapeOf(Type type) => Shapes.GetOrAdd((db.Model, type), key => TableShape.Of(key.Item1, key.Item2, db));

    /// <summary>One column: how to read it from an entity and turn it into a parameter the way EF does.</summary>
    private sealed record Column(string Property, string Quoted, RelationalTypeMapping Mapping, Func<object, object?> Read, bool Generated = false)
    {
        public DbParameter CreateParameter(DbCommand command, string name, object row) =>
            Mapping.CreateParameter(command, name, Read(row), nullable: true);

        public void Bind(DbCommand command, string name, object row) => command.Parameters.Add(CreateParameter(command, name, row));

        public object ProviderValue(object row)
        {
            var value = Read(row);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }

    private sealed record TableShape(string Table, IReadOnlyList<Column> AllColumns, Column? SingleKey)
    {
        /// <summary>The columns an insert writes: all but a key the database generates.</summary>
        public IReadOnlyList<Column> Columns { get; } = AllColumns.Where(c => !c.Generated).ToList();

        public Column Key => SingleKey ?? throw new NotSupportedException($"{Table} has a composite key; RowWriter updates by a single key only.");

        public Column Column(string property) => Columns.SingleOrDefault(c => c.Property == property)
            ?? throw new ArgumentException($"{Table} has no column for {property}.", nameof(property));

        public static TableShape Of(IModel model, Type type, RapportDbContext db)
        {
            var entity = model.FindEntityType(type) ?? throw new ArgumentException($"{type.Name} is not mapped.", nameof(type));
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = new List<Column>();
            foreach (var property in entity.GetProperties().Where(p => p.GetComputedColumnSql(table) is null))
            {
                if (property.IsShadowProperty())
                {
                    throw new NotSupportedException($"{type.Name}.{property.Name} is a shadow property; RowWriter cannot read it.");
                }

                var getter = property.GetGetter();
                columns.Add(new Column(property.Name, sql.DelimitIdentifier(property.GetColumnName(table)!),
                    (RelationalTypeMapping)property.GetTypeMapping(), getter.GetClrValue, IsIdentity(property)));
            }

            // Owned types stored in the owner's row (table splitting), e.g. a customer's communication profile.
            foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection
                && n.TargetEntityType.GetTableName() == entity.GetTableName()))
            {
                var owner = navigation.GetGetter();
                foreach (var property in navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()))
                {
                    var getter = property.GetGetter();
                    columns.Add(new Column($"{navigation.Name}.{property.Name}", sql.DelimitIdentifier(property.GetColumnName(table)!),
                        (RelationalTypeMapping)property.GetTypeMapping(),
                        row => owner.GetClrValue(row) is { } owned ? getter.GetClrValue(owned) : null));
                }
            }

            var key = entity.FindPrimaryKey()!.Properties;
            return new TableShape(sql.DelimitIdentifier(table.Name, table.Schema), columns,
                key.Count == 1 ? columns.Single(c => c.Property == key[0].Name) : null);
        }

        private static bool IsIdentity(IProperty p) =>
            p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
    }
}
