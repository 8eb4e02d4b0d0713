using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>Appends entries to the hash chain and verifies it. The chain is the only way audit entries are written.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>PostgreSQL advisory lock key held by whoever seals (one sealer at a time across nodes).</summary>
    private const long SealLock = 72657301;

    /// <summary>Adds the drafts to the context, to be written by its save (see <see cref="PrepareAsync"/>).</summary>
    internal static async Task AppendAsync(RapportDbContext db, List<AuditDraft> drafts, CancellationToken ct)
    {
        var (sealedEntries, pending) = await PrepareAsync(db, drafts, ct);
        db.AuditEntries.AddRange(sealedEntries);
        db.Set<AuditPendingEntry>().AddRange(pending);
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
        var now = TruncateToMicroseconds(audit.Time.GetUtcNow().UtcDateTime);
        if (db.IsPostgres)
        {
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

        var (sequence, previous) = await EndAsync(db, ct);
        var entries = new List<AuditEntry>(drafts.Count);
        foreach (var draft in drafts)
        {
            var entry = AuditEntry.Seal(++sequence, now, audit.ActorId, audit.ActorName, draft, audit.Reason, previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return (entries, []);
    }

    /// <summary>
    /// Seals up to <paramref name="max"/> committed pending entries (oldest first) as the next entries of the chain, in
    /// one transaction that holds the chain's lock only for the seal itself. Returns how many it sealed.
    /// </summary>
    internal static async Task<int> SealPendingAsync(RapportDbContext db, int max, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SealLock})", ct);
        var pending = await db.Set<AuditPendingEntry>().AsNoTracking().OrderBy(p => p.Id).Take(max).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        var (sequence, previous) = await EndAsync(db, ct);
        foreach (var p in pending)
        {
            var entry = AuditEntry.Seal(++sequence, p.At, p.ActorId, p.ActorName, new AuditDraft(p.Action, p.SubjectType, p.SubjectId, p.Changes),
                p.Reason, previous);
            db.AuditEntries.Add(entry);
            previous = entry.Hash;
        }

        await db.SaveChangesAsync(ct);
        var ids = pending.Select(p => p.Id).ToList();
        await db.Set<AuditPendingEntry>().Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return pending.Count;
    }

    private static async Task<(long Sequence, string Hash)> EndAsync(RapportDbContext db, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        return (last?.Sequence ?? 0, last?.Hash ?? Genesis);
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
