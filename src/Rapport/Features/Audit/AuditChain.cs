using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>Appends entries to the hash chain and verifies it. The chain is the only way audit entries are written.</summary>
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    internal static async Task AppendAsync(RapportDbContext db, List<AuditDraft> drafts, CancellationToken ct) =>
        db.AuditEntries.AddRange(await SealAsync(db, drafts, ct));

    /// <summary>
    /// Seals the drafts as the next entries of the chain, for the caller to write in its open transaction (which must
    /// commit before another appender can read the chain's end: PostgreSQL takes a lock until then).
    /// </summary>
    internal static async Task<List<AuditEntry>> SealAsync(RapportDbContext db, List<AuditDraft> drafts, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            // Serialises appenders across nodes; released at commit. SQLite transactions are already exclusive writers.
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(72657301)", ct);
        }

        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? Genesis;
        var now = TruncateToMicroseconds(db.Audit.Time.GetUtcNow().UtcDateTime);
        var audit = db.Audit;
        var entries = new List<AuditEntry>(drafts.Count);
        foreach (var draft in drafts)
        {
            var entry = AuditEntry.Seal(++sequence, now, audit.ActorId, audit.ActorName, draft, audit.Reason, previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }

    public static string ComputeHash(AuditEntry e)
    {
        var canonical = string.Join('\u001f', e.Sequence, e.At.Ticks, e.ActorId, e.ActorName, e.Action,
            e.SubjectType, e.SubjectId, e.Changes, e.Reason ?? "", e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Walks the whole chain in order; reports the first entry whose link or content does not match.</summary>
    public static async Task<AuditVerification> VerifyAsync(RapportDbContext db, CancellationToken ct)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1;
        long checkedCount = 0;
        AuditHead? head = null;
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
            else if (ComputeHash(e) != e.Hash)
            {
                problem = "its content does not match its hash (the row was altered)";
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
