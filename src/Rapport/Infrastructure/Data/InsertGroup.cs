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
/// chain's lock is held for the inserts and the commit of one batch; nodes sharing the database take turns by it. There
/// two leaders work at once, so batches overlap: while one batch writes and commits, the next leader's transaction is
/// already waiting for the chain's lock, and takes what queued meanwhile the moment the lock is free, instead of first
/// waiting for the previous leader to finish and then starting its own round trips. (SQLite has one leader: its write
/// lock is the process's own queue, and a second leader would only wait in it.)
/// </summary>
internal sealed class InsertGroup
{
    private const int MaxBatch = 256;
    private const int SqliteConstraint = 19; // SQLITE_CONSTRAINT

    // Per connection string: every context and host in the process that writes the database joins the same group (on
    // SQLite as the write queue, WriteTransaction, is per database file).
    private static readonly ConcurrentDictionary<string, InsertGroup> Groups = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<Insert> queue = new();
    private readonly int maxLeaders;
    private int leading;
    private long batches;

    private InsertGroup(int maxLeaders) => this.maxLeaders = maxLeaders;

    /// <summary>Creates waiting to be written.</summary>
    internal int Queued => queue.Count;

    /// <summary>Transactions committed so far, each with one or more creates.</summary>
    internal long Batches => Interlocked.Read(ref batches);

    /// <summary>Leaders writing batches now (at most one on SQLite, two on PostgreSQL).</summary>
    internal int Leading => Volatile.Read(ref leading);

    public static InsertGroup For(RapportDbContext db) =>
        Groups.GetOrAdd(db.Database.GetConnectionString() ?? "", static (_, postgres) => new(postgres ? 2 : 1), db.IsPostgres);

    /// <summary>Writes the sets and seals the drafts, in a batch with whatever else is queued; returns once committed.</summary>
    public async Task InsertAsync(RapportDbContext db, IReadOnlyList<RowSet> sets, AuditContext audit, List<AuditDraft> drafts, CancellationToken ct)
    {
        var mine = new Insert(sets, audit, drafts, ct);
        queue.Enqueue(mine);
        bool leads;
        if (TryTakeLead())
        {
            leads = true;
            if (!mine.Decline())
            {
                HandOver(); // a finishing leader handed it a lead as well meanwhile: that one passes on
            }
        }
        else
        {
            // Every lead is taken: a leader writes this create, or hands a lead to it.
            await Task.WhenAny(mine.Done.Task, mine.Lead.Task);
            leads = !mine.Decline(); // a lead handed to it after its create was written is passed on all the same
        }

        if (leads)
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

    private bool TryTakeLead()
    {
        while (true)
        {
            var now = Volatile.Read(ref leading);
            if (now >= maxLeaders)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref leading, now + 1, now) == now)
            {
                return true;
            }
        }
    }

    // The lead passes to the oldest create still waiting (`leading` stays as it is); with none, it is given up.
    private void HandOver()
    {
        while (true)
        {
            foreach (var next in queue)
            {
                if (next.TryHandLead())
                {
                    return;
                }
            }

            Interlocked.Decrement(ref leading);
            // A create queued while every lead was taken waits to be handed one: take a lead back for it.
            if (queue.IsEmpty || !TryTakeLead())
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
        private const int Waiting = 0, Handed = 1, Declined = 2;
        private int lead;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Lead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gives this create the lead, unless it was handed one already or no longer takes one.</summary>
        public bool TryHandLead()
        {
            if (Interlocked.CompareExchange(ref lead, Handed, Waiting) != Waiting)
            {
                return false;
            }

            Lead.TrySetResult();
            return true;
        }

        /// <summary>Refuses a lead from now on; false when one was handed first (it must then lead or pass it on).</summary>
        public bool Decline() => Interlocked.CompareExchange(ref lead, Declined, Waiting) == Waiting;
    }
}
