using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Group commit of new audited records on SQLite. SQLite lets one writer in at a time, so creates that arrive together
/// queue for the write lock anyway. Instead of each taking it in turn for a transaction of its own (BEGIN, a read of the
/// chain's end, a prepared statement per table, COMMIT and its fsync), one of them — the leader — writes every create
/// queued by then in one transaction: the chain's end read once, each table's rows through one prepared statement, one
/// commit. Each create keeps its own audit entries, sealed in queue order with its own actor, reason and time. When a
/// batch breaks a constraint, its creates are retried one transaction each, so only the one at fault fails. The leader
/// serves batches until its own create is written, then hands the lead to the oldest create still queued.
/// </summary>
internal sealed class SqliteInsertGroup
{
    private const int MaxBatch = 256;
    private const int ConstraintViolation = 19; // SQLITE_CONSTRAINT

    // Per connection string, as the write queue (WriteTransaction) is per database file: every context and host in
    // the process that writes the file joins the same group.
    private static readonly ConcurrentDictionary<string, SqliteInsertGroup> Groups = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<Insert> queue = new();
    private int leading;
    private long batches;

    /// <summary>Creates waiting to be written.</summary>
    internal int Queued => queue.Count;

    /// <summary>Transactions committed so far, each with one or more creates.</summary>
    internal long Batches => Interlocked.Read(ref batches);

    public static SqliteInsertGroup For(RapportDbContext db) => Groups.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new());

    /// <summary>Writes the sets and seals the drafts, in a batch with whatever else is queued; returns once committed.</summary>
    public async Task InsertAsync(RapportDbContext db, IReadOnlyList<RowSet> sets, AuditContext audit, List<AuditDraft> drafts, CancellationToken ct)
    {
        var mine = new Insert(sets, audit, drafts, ct);
        queue.Enqueue(mine);
        if (Interlocked.CompareExchange(ref leading, 1, 0) != 0)
        {
            // Someone leads: it writes this create, or hands the lead to it.
            await Task.WhenAny(mine.Done.Task, mine.Lead.Task);
        }

        if (!mine.Done.Task.IsCompleted)
        {
            try
            {
                while (!mine.Done.Task.IsCompleted)
                {
                    await WriteBatchAsync(db);
                }
            }
            finally
            {
                HandOver();
            }
        }

        await mine.Done.Task;
    }

    private void HandOver()
    {
        while (true)
        {
            if (queue.TryPeek(out var next))
            {
                next.Lead.TrySetResult(); // the lead passes on; `leading` stays taken
                return;
            }

            Interlocked.Exchange(ref leading, 0);
            // A create queued between the peek and the release saw the lead taken and waits to be handed it.
            if (queue.IsEmpty || Interlocked.CompareExchange(ref leading, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // The lock is taken before the queue is read: creates that arrive while the leader waits for it join its batch.
    // A batch is written whatever its creators' requests do meanwhile: a create once taken is committed or failed as
    // a whole, never half-cancelled by another request's token.
    private async Task WriteBatchAsync(RapportDbContext db)
    {
        var ct = CancellationToken.None;
        List<Insert> batch = [];
        try
        {
            await using var transaction = await db.BeginWriteTransactionAsync(ct);
            batch = Take();
            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(db, batch, ct);
            await transaction.CommitAsync(ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation && batch.Count > 1)
        {
            foreach (var insert in batch)
            {
                try
                {
                    await using var transaction = await db.BeginWriteTransactionAsync(ct);
                    await WriteAsync(db, [insert], ct);
                    await transaction.CommitAsync(ct);
                    insert.Done.TrySetResult();
                }
                catch (Exception one)
                {
                    insert.Done.TrySetException(one);
                }
            }

            return;
        }
        catch (Exception e)
        {
            // Busy, disk full, I/O: each create alone would have met the same. Without the lock, nothing was taken yet:
            // what is queued fails with it rather than wait another round.
            if (batch.Count == 0)
            {
                batch = Take();
            }

            batch.ForEach(i => i.Done.TrySetException(e));
            return;
        }

        Interlocked.Increment(ref batches);
        batch.ForEach(i => i.Done.TrySetResult());
    }

    private List<Insert> Take()
    {
        var batch = new List<Insert>();
        while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
        {
            if (next.Cancellation.IsCancellationRequested)
            {
                next.Done.TrySetCanceled(next.Cancellation);
            }
            else
            {
                batch.Add(next);
            }
        }

        return batch;
    }

    private static async Task WriteAsync(RapportDbContext db, IReadOnlyList<Insert> batch, CancellationToken ct)
    {
        var end = await AuditChain.EndAsync(db, ct);
        var entries = new List<AuditEntry>();
        foreach (var insert in batch)
        {
            (var sealedEntries, end) = AuditChain.SealAfter(end, insert.Audit, insert.Drafts);
            entries.AddRange(sealedEntries);
        }

        // One statement per table, tables in the order the creates name them (a record before the rows that refer to it).
        var rows = new RowWriter(db);
        foreach (var table in batch.SelectMany(i => i.Sets).GroupBy(s => s.Type))
        {
            await rows.InsertAsync(new RowSet(table.Key, table.SelectMany(s => s.Rows).ToList()), ct);
        }

        await rows.InsertAsync(entries, ct);
    }

    private sealed record Insert(IReadOnlyList<RowSet> Sets, AuditContext Audit, List<AuditDraft> Drafts, CancellationToken Cancellation)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Lead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
