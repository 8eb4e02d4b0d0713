using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// A write transaction that, on SQLite, first queues for the database's one write lock inside this process. SQLite lets
/// one writer in at a time; without the queue every other writer's BEGIN fails busy and Microsoft.Data.Sqlite retries it
/// by sleeping a thread-pool thread, so under load writers sleep instead of waiting their turn. PostgreSQL has no such
/// lock and no queue.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    // Per database file: the lock being modelled is the file's. Static because every context, scope and host in the
    // process that opens the file contends for the same lock.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (SemaphoreSlim? Queue, TimeSpan MaxWait)> QueueByConnectionString = new(StringComparer.Ordinal);


    private readonly SemaphoreSlim? queue;
    private IDbContextTransaction? transaction;

    private WriteTransaction(SemaphoreSlim? queue) => this.queue = queue;

    public IDbContextTransaction Transaction => transaction!;

    internal static async Task<WriteTransaction> BeginAsync(RapportDbContext db, CancellationToken ct)
    {
        var (queue, maxWait) = QueueFor(db);
        // As long as Microsoft.Data.Sqlite's own busy timeout: a writer waits no longer than it would for the file's lock,
        // and fails the same way (SQLITE_BUSY), so the caller hears that the database is unavailable (503), not a 500.
        if (queue is not null && !await queue.WaitAsync(maxWait, ct))
        {
            throw new SqliteException("Timed out waiting for the database's write lock.", 5);
        }

        var write = new WriteTransaction(queue);
        try
        {
            write.transaction = await db.Database.BeginTransactionAsync(ct);
            return write;
        }
        catch
        {
            queue?.Release();
            throw;
        }
    }

    /// <summary>Whether this context's writers queue in this process for a database file's one write lock (SQLite).</summary>
    internal static bool IsQueued(RapportDbContext db) => QueueFor(db).Queue is not null;

    private static (SemaphoreSlim? Queue, TimeSpan MaxWait) QueueFor(RapportDbContext db) =>
        db.IsPostgres ? (null, TimeSpan.Zero) : QueueByConnectionString.GetOrAdd(db.Database.GetConnectionString() ?? "", QueueOf);

    public Task CommitAsync(CancellationToken ct) => Transaction.CommitAsync(ct);

    public Task RollbackAsync(CancellationToken ct) => Transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            queue?.Release();
        }
    }

    // A private in-memory database has no file and no other connection to queue behind.
    private static (SemaphoreSlim?, TimeSpan) QueueOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (source is "" or ":memory:")
        {
            return (null, TimeSpan.Zero);
        }

        var file = source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? source : Path.GetFullPath(source);
        return (Queues.GetOrAdd(file, _ => new SemaphoreSlim(1, 1)), TimeSpan.FromSeconds(builder.DefaultTimeout));
    }
}

public static class WriteTransactionExtensions
{
    /// <summary>Begins a write transaction (queued for SQLite's write lock); use it for every explicit transaction that writes.</summary>
    public static Task<WriteTransaction> BeginWriteTransactionAsync(this RapportDbContext db, CancellationToken ct) =>
        WriteTransaction.BeginAsync(db, ct);
}
