using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>Appends entries to the hash chain and verifies it. The chain is the only way audit entries are written.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>PostgreSQL advisory lock key held by whoever seals (one sealer at a time across nodes).</summary>
    private const long SealLock = 72657301;

    // The chain's end: its last entry's sequence and hash.
    private const string EndQuery = """SELECT "Sequence", "Hash" FROM audit_entries ORDER BY "Sequence" DESC LIMIT 1""";

    /// <summary>
    /// Writes the drafts in the context's open transaction (see <see cref="PrepareAsync"/>) with plain SQL, after the
    /// save they describe: append-only rows gain nothing from the change tracker, whose per-entity bookkeeping made
    /// them half the cost of saving an audited change. Returns how many rows it wrote.
    /// </summary>
    internal static async Task<int> AppendAsync(RapportDbContext db, List<AuditDraft> drafts, CancellationToken ct, RowWriter? rows = null)
    {
        var (sealedEntries, pending) = await PrepareAsync(db, drafts, ct);
        rows ??= new RowWriter(db);
        await rows.InsertAsync(sealedEntries, ct);
        await rows.InsertAsync(pending, ct);
        return sealedEntries.Count + pending.Count;
    }

    /// <summary>
    /// Turns drafts into rows for the caller to write in its open transaction. SQLite: sealed in place as the next
    /// entries of the chain, because that transaction already holds the database's only write lock, so appending costs
    /// no lock of its own. PostgreSQL: pending entries, written by many transactions at once without any lock, and
    /// sealed into the chain by <see cref="AuditSealer"/> as soon as they commit (the context remembers to ask it).
    /// </summary>
    internal static async Task<(List<AuditEntry> Sealed, List<AuditPendingEntry> Pending)> PrepareAsync(
        RapportDbContext db, List<AuditDraft> drafts, CancellationToken ct)
    {
        var audit = db.Audit;
        if (db.IsPostgres)
        {
            var now = TruncateToMicroseconds(audit.Time.GetUtcNow().UtcDateTime);
            var pending = new List<AuditPendingEntry>(drafts.Count);
            var id = Guid.CreateVersion7(audit.Time.GetUtcNow());
            foreach (var draft in drafts)
            {
                pending.Add(new AuditPendingEntry
                {
                    Id = id,
                    At = now,
                    ActorId = audit.ActorId,
                    ActorName = audit.ActorName,
                    Action = draft.Action,
                    SubjectType = draft.SubjectType,
                    SubjectId = draft.SubjectId,
                    Changes = draft.Changes,
                    Reason = audit.Reason,
                });
                id = Successor(id);
            }

            db.HasUnsealedAudit = true;
            return ([], pending);
        }

        var (entries, _) = SealAfter(await EndAsync(db, ct), audit, drafts);
        return (entries, []);
    }

    /// <summary>
    /// The drafts sealed as the entries after <paramref name="end"/>, stamped with <paramref name="audit"/>'s actor, reason
    /// and time. The caller holds the chain's lock (<see cref="LockEndAsync"/>) and writes them; returns the chain's new end.
    /// </summary>
    internal static (List<AuditEntry> Entries, ChainEnd End) SealAfter(ChainEnd end, AuditContext audit, IReadOnlyList<AuditDraft> drafts)
    {
        var now = TruncateToMicroseconds(audit.Time.GetUtcNow().UtcDateTime);
        var (sequence, previous) = end;
        var entries = new List<AuditEntry>(drafts.Count);
        foreach (var draft in drafts)
        {
            var entry = AuditEntry.Seal(++sequence, now, audit.ActorId, audit.ActorName, draft, audit.Reason, previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return (entries, new ChainEnd(sequence, previous));
    }

    /// <summary>
    /// Seals up to <paramref name="max"/> committed pending entries (oldest first) as the next entries of the chain, in
    /// one transaction that holds the chain's lock only for the seal itself. Returns how many it sealed. Two round trips:
    /// begin, lock and read the pending entries and the chain's end; then write the sealed entries, delete the pending
    /// ones and commit. (It was seven, through EF: a writer waiting for its seal waited for every one of them.)
    /// </summary>
    internal static async Task<int> SealPendingAsync(RapportDbContext db, int max, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var committed = false;
        try
        {
            var (pending, sequence, previous) = await LockAndReadAsync(connection, max, ct);
            if (pending.Count == 0)
            {
                await ExecuteAsync(connection, "COMMIT", ct);
                committed = true;
                return 0;
            }

            var entries = new List<AuditEntry>(pending.Count);
            foreach (var p in pending)
            {
                var entry = AuditEntry.Seal(++sequence, p.At, p.ActorId, p.ActorName, new AuditDraft(p.Action, p.SubjectType, p.SubjectId, p.Changes),
                    p.Reason, previous);
                entries.Add(entry);
                previous = entry.Hash;
            }

            await using var batch = connection.CreateBatch();
            batch.BatchCommands.Add(SealedRows(batch, entries));
            var delete = batch.CreateBatchCommand();
            delete.CommandText = """DELETE FROM audit_pending WHERE "Id" = ANY($1)""";
            delete.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pending.Select(p => p.Id).ToArray() });
            batch.BatchCommands.Add(delete);
            var commit = batch.CreateBatchCommand();
            commit.CommandText = "COMMIT";
            batch.BatchCommands.Add(commit);
            await batch.ExecuteNonQueryAsync(ct);
            committed = true;
            return pending.Count;
        }
        finally
        {
            if (!committed)
            {
                await RollBackQuietlyAsync(connection);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(List<AuditPendingEntry> Pending, long Sequence, string Previous)> LockAndReadAsync(
        System.Data.Common.DbConnection connection, int max, CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        foreach (var sql in new[]
        {
            "BEGIN",
            $"SELECT pg_advisory_xact_lock({SealLock})",
            """SELECT "Id", "At", "ActorId", "ActorName", "Action", "SubjectType", "SubjectId", "Changes", "Reason" FROM audit_pending ORDER BY "Id" LIMIT """ + max,
            EndQuery,
        })
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // the lock's row
        var pending = new List<AuditPendingEntry>();
        while (await reader.ReadAsync(ct))
        {
            pending.Add(new AuditPendingEntry
            {
                Id = reader.GetGuid(0),
                At = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                ActorId = reader.GetString(2),
                ActorName = reader.GetString(3),
                Action = reader.GetString(4),
                SubjectType = reader.GetString(5),
                SubjectId = reader.GetString(6),
                Changes = reader.GetString(7),
                Reason = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? (pending, reader.GetInt64(0), reader.GetString(1)) : (pending, 0, Genesis);
    }

    // Every entry of a seal in one INSERT, one array parameter per column, however many entries there are.
    private static System.Data.Common.DbBatchCommand SealedRows(System.Data.Common.DbBatch batch, List<AuditEntry> entries)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = """
            INSERT INTO audit_entries ("Sequence", "At", "ActorId", "ActorName", "Action", "SubjectType", "SubjectId", "Changes",
                "ChangesDigest", "Reason", "PreviousHash", "Hash")
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
            """;
        void Add<T>(Func<AuditEntry, T> column) => command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = entries.Select(column).ToArray() });
        Add(e => e.Sequence);
        Add(e => e.At);
        Add(e => e.ActorId);
        Add(e => e.ActorName);
        Add(e => e.Action);
        Add(e => e.SubjectType);
        Add(e => e.SubjectId);
        Add(e => e.Changes);
        Add(e => e.ChangesDigest);
        Add(e => e.Reason);
        Add(e => e.PreviousHash);
        Add(e => e.Hash);
        return command;
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task RollBackQuietlyAsync(System.Data.Common.DbConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The connection is broken or was never in a transaction; closing it below ends whatever is left.
        }
    }

    /// <summary>
    /// Takes the chain's lock for the rest of the caller's transaction and reads the chain's end, in one round trip. On
    /// SQLite the transaction's write lock is the chain's lock already; PostgreSQL takes the lock the sealer takes, so
    /// entries sealed here and by the sealer (on any node) follow one another.
    /// </summary>
    internal static async Task<ChainEnd> LockEndAsync(RapportDbContext db, CancellationToken ct)
    {
        if (!db.IsPostgres)
        {
            return await EndAsync(db, ct);
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The chain's lock is taken for a transaction; begin one first.");
        command.CommandText = $"SELECT pg_advisory_xact_lock({SealLock}); {EndQuery}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct); // the lock's row
        return await reader.ReadAsync(ct) ? new ChainEnd(reader.GetInt64(0), reader.GetString(1)) : new ChainEnd(0, Genesis);
    }

    // The chain's end, read in the caller's transaction. Plain SQL: on every audited save, EF's LINQ pipeline
    // (expression tree, cache lookup, shaper) cost several times the primary-key read itself.
    internal static async Task<ChainEnd> EndAsync(RapportDbContext db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = EndQuery;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ChainEnd(reader.GetInt64(0), reader.GetString(1)) : new ChainEnd(0, Genesis);
    }

    // Entries of one save share a millisecond; counting up from the first keeps them in the order they were made.
    private static Guid Successor(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        for (var i = bytes.Length - 1; i >= 8 && ++bytes[i] == 0; i--)
        {
        }

        return new Guid(bytes, bigEndian: true);
    }

    public static string ComputeHash(AuditEntry e)
    {
        // Entries with a digest hash the digest (their changes may be redacted); older ones hash the changes themselves.
        var changes = e.ChangesDigest is null ? e.Changes : "sha256:" + e.ChangesDigest;
        var canonical = string.Join('\u001f', e.Sequence, e.At.Ticks, e.ActorId, e.ActorName, e.Action,
            e.SubjectType, e.SubjectId, changes, e.Reason ?? "", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Walks the whole chain in order; reports the first entry whose link or content does not match.</summary>
    public static async Task<AuditVerification> VerifyAsync(RapportDbContext db, CancellationToken ct)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1;
        long checkedCount = 0;
        AuditHead? head = null;
        var erasures = await AuditRedaction.ErasuresAsync(db, ct);
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            string? problem = null;
            if (e.Sequence != expectedSequence)
            {
                problem = $"entry {expectedSequence} is missing (next present is {e.Sequence})";
            }
            else if (e.PreviousHash != expectedPrevious)
            {
                problem = "its previous-hash does not match the hash of the entry before it";
            }
            else
            {
                problem = AuditRedaction.ContentProblem(e, erasures);
            }

            if (problem is not null)
            {
                return new AuditVerification(false, checkedCount, e.Sequence, problem);
            }

            expectedPrevious = e.Hash;
            expectedSequence++;
            checkedCount++;
            head = new AuditHead(e.Sequence, e.Hash);
        }

        return new AuditVerification(true, checkedCount, null, null) { Head = head };
    }

    // PostgreSQL keeps microseconds; hashing the truncated value keeps the hash stable after a round trip.
    private static DateTime TruncateToMicroseconds(DateTime t) => new(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc);
}

/// <summary>
/// Result of checking the audit trail: <see cref="Intact"/> only when the hash chain holds and the anchors kept outside
/// the database agree with it. <see cref="FirstBrokenSequence"/> and <see cref="Problem"/> name the first thing found
/// wrong (the chain's first broken link before anything the anchors show); <see cref="Head"/> is the chain's last
/// entry, only when the whole trail verifies (what an anchor, or an auditor's note, may vouch for);
/// <see cref="Anchors"/> has every anchor problem and warning.
/// </summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public AuditHead? Head { get; init; }

    public AuditAnchorCheck? Anchors { get; init; }

    /// <summary>The chain's own result joined with what the anchors show.</summary>
    public AuditVerification With(AuditAnchorCheck anchors)
    {
        if (!Intact || anchors.Problems.Count == 0)
        {
            return this with { Anchors = anchors };
        }

        var first = anchors.Problems[0];
        return new AuditVerification(false, EntriesChecked, first.Sequence, first.Message) { Anchors = anchors };
    }
}

/// <summary>The last entry of the chain: its sequence number and hash (0 and <see cref="AuditChain.Genesis"/> when empty).</summary>
internal readonly record struct ChainEnd(long Sequence, string Hash);
