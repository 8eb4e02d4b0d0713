using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Features.Audit;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Group commit of new audited records. Creates that arrive together would each pay for a transaction of their own
/// (BEGIN, the chain's end read under its lock, the inserts, COMMIT and its fsync) and queue for the lock the chain
/// needs anyway: SQLite's one write lock, PostgreSQL's chain lock. Instead one of them — the leader — writes every create
/// queued by then in one transaction: the lock taken and the chain's end read once, each table's rows in one statement,
/// one commit. Each create keeps its own audit entries, sealed in queue order with its own actor, reason and time. When
/// a batch breaks a constraint, its creates are retried one transaction each, so only the one at fault fails. The leader
/// serves batches until its own create is written, then hands the lead to the oldest create still queued.
/// On PostgreSQL the entries are sealed in the batch's own transaction (nothing is left pending for the sealer), so the
/// chain's lock is held for the inserts and the commit of one batch; nodes sharing the database take turns by it.
/// </summary>
internal sealed class InsertGroup
{
    private const int MaxBatch = 256;
    private const int SqliteConstraint = 19; // SQLITE_CONSTRAINT

    // Per connection string: every context and host in the process that writes the database joins the same group (on
    // SQLite as the write queue, WriteTransaction, is per database file).
    private static readonly ConcurrentDictionary<string, InsertGroup> Groups = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<Insert> queue = new();
    private int leading;
    private long batches;

    /// <summary>Creates waiting to be written.</summary>
    internal int Queued => queue.Count;

    /// <summary>Transactions committed so far, each with one or more creates.</summary>
    internal long Batches => Interlocked.Read(ref batches);

    public static InsertGroup For(RapportDbContext db) => Groups.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new());

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

    // The chain's lock is taken before the queue is read: creates that arrive while the leader waits for it join its batch.
    // A batch is written whatever its creators' requests do meanwhile: a create once taken is committed or failed as
    // a whole, never half-cancelled by another request's token.
    private async Task WriteBatchAsync(RapportDbContext db)
    {
        var ct = CancellationToken.None;
        List<Insert> batch = [];
        try
        {
            await using var transaction = await db.BeginWriteTransactionAsync(ct);
            var end = await AuditChain.LockEndAsync(db, ct);
            batch = Take();
            if (batch.Count == 0)
            {
                return;
            }

            await WriteAsync(db, batch, end, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbException e) when (IsConstraintViolation(e) && batch.Count > 1)
        {
            foreach (var insert in batch)
            {
                try
                {
                    await using var transaction = await db.BeginWriteTransactionAsync(ct);
                    await WriteAsync(db, [insert], await AuditChain.LockEndAsync(db, ct), ct);
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

    private static bool IsConstraintViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: SqliteConstraint } || e is PostgresException { SqlState: ['2', '3', ..] };

    private static async Task WriteAsync(RapportDbContext db, IReadOnlyList<Insert> batch, ChainEnd end, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        foreach (var insert in batch)
        {
            (var sealedEntries, end) = AuditChain.SealAfter(end, insert.Audit, insert.Drafts);
            entries.AddRange(sealedEntries);
        }

        // One statement per table, tables in the order the creates name them (a record before the rows that refer to it);
        // on PostgreSQL all of them in one round trip.
        var rows = RowWriter.Batched(db);
        foreach (var table in batch.SelectMany(i => i.Sets).GroupBy(s => s.Type))
        {
            await rows.InsertAsync(new RowSet(table.Key, table.SelectMany(s => s.Rows).ToList()), ct);
        }

        await rows.InsertAsync(entries, ct);
        await rows.FlushAsync(ct);
    }

    private sealed record Insert(IReadOnlyList<RowSet> Sets, AuditContext Audit, List<AuditDraft> Drafts, CancellationToken Cancellation)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Lead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
