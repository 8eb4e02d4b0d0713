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
        }

        return new AuditVerification(true, checkedCount, null, null);
    }

    // PostgreSQL keeps microseconds; hashing the truncated value keeps the hash stable after a round trip.
    private static DateTime TruncateToMicroseconds(DateTime t) => new(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc);
}

/// <summary>Result of checking the audit hash chain.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
