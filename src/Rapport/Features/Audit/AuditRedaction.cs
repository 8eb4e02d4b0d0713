using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>
/// Erasure's part in the audit trail: the changes of entries about an erased person are replaced by a marker naming the
/// erasure, and the chain still verifies. Entries sealed with a digest of their changes verify against the digest.
/// Entries sealed before digests existed hash their changes themselves; the erasure checks each is intact, then vouches
/// for its redacted form in its own (chained) entry, which verification reads.
/// </summary>
public static class AuditRedaction
{
    public const string ErasedAction = "customer.erased";

    /// <summary>A retention run's entry: like an erasure's, it lists the entries whose changes it redacted.</summary>
    public const string RetentionAction = "retention.applied";
    private const int Batch = 500;

    public static string DigestOf(string changes) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(changes)));

    public static string Marker(Guid customerId) => $$"""{"redacted":"erasure","customerId":"{{customerId}}"}""";

    /// <summary>What replaces the changes of entries older than the audit retention period (C23).</summary>
    public static string RetentionMarker(DateTime policyOf) =>
        $$"""{"redacted":"retention","policyOf":"{{policyOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}}"}""";

    /// <summary>Whether the changes are a redaction marker (an erasure's or retention's); the erased customer's id when an erasure's.</summary>
    public static bool IsMarker(string changes, out string customerId)
    {
        customerId = "";
        if (!changes.StartsWith("""{"redacted":""", StringComparison.Ordinal))
        {
            return false;
        }

        using var json = JsonDocument.Parse(changes);
        customerId = json.RootElement.TryGetProperty("customerId", out var id) ? id.GetString() ?? "" : "";
        return true;
    }

    /// <summary>
    /// Redacts the changes of every entry whose subject is one of <paramref name="subjectIds"/> or whose changes contain one
    /// of <paramref name="identifiers"/>. Returns the sequences it redacted and, for entries sealed before digests, the hash
    /// of each one's redacted form: the erasure's own entry lists both, and verification accepts only what it lists.
    /// </summary>
    internal static async Task<(List<long> Redacted, Dictionary<long, string> Vouched)> RedactAsync(RapportDbContext db, Guid customerId,
        IReadOnlyCollection<string> subjectIds, IReadOnlyCollection<string> identifiers, CancellationToken ct)
    {
        var marker = Marker(customerId);
        var sequences = new HashSet<long>();
        foreach (var chunk in subjectIds.Chunk(Batch))
        {
            sequences.UnionWith(await db.AuditEntries.Where(e => chunk.Contains(e.SubjectId) && e.Changes != marker).Select(e => e.Sequence).ToListAsync(ct));
            await db.AuditPending.Where(e => chunk.Contains(e.SubjectId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Changes, marker), ct);
        }

        foreach (var identifier in identifiers.Where(i => i.Length >= 5))
        {
            sequences.UnionWith(await db.AuditEntries.Where(e => e.Changes.Contains(identifier) && e.Changes != marker).Select(e => e.Sequence).ToListAsync(ct));
            await db.AuditPending.Where(e => e.Changes.Contains(identifier)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Changes, marker), ct);
        }

        var vouched = await RedactSequencesAsync(db, sequences, marker, ct);
        return (sequences.Order().ToList(), vouched);
    }

    /// <summary>
    /// Replaces the changes of the given sealed entries with <paramref name="marker"/>. Returns, for entries sealed before
    /// digests, the hash of each one's redacted form: the caller's own entry must list them (and every sequence) so that
    /// verification accepts the redaction.
    /// </summary>
    internal static async Task<Dictionary<long, string>> RedactSequencesAsync(RapportDbContext db, IEnumerable<long> sequences, string marker,
        CancellationToken ct)
    {
        var vouched = new Dictionary<long, string>();
        foreach (var chunk in sequences.Order().Chunk(Batch))
        {
            await db.AuditEntries.Where(e => chunk.Contains(e.Sequence) && e.ChangesDigest != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Changes, marker), ct);
            var older = await db.AuditEntries.AsNoTracking().Where(e => chunk.Contains(e.Sequence) && e.ChangesDigest == null).ToListAsync(ct);
            foreach (var e in older.Where(e => AuditChain.ComputeHash(e) == e.Hash))
            {
                var digest = DigestOf(e.Changes);
                vouched[e.Sequence] = AuditChain.ComputeHash(Redacted(e, marker, digest));
                await db.AuditEntries.Where(x => x.Sequence == e.Sequence)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Changes, marker).SetProperty(x => x.ChangesDigest, digest), ct);
            }
        }

        return vouched;
    }

    /// <summary>What verification needs to know of erasures: the entries they redacted, and the older ones vouched for.</summary>
    internal sealed record Erasures(HashSet<long> Redacted, Dictionary<long, string> Vouched);

    internal static async Task<Erasures> ErasuresAsync(RapportDbContext db, CancellationToken ct)
    {
        var sealedOnes = await db.AuditEntries.AsNoTracking().Where(e => e.Action == ErasedAction || e.Action == RetentionAction).Select(e => new { e.SubjectId, e.Changes }).ToListAsync(ct);
        var pending = await db.AuditPending.AsNoTracking().Where(e => e.Action == ErasedAction || e.Action == RetentionAction).Select(e => new { e.SubjectId, e.Changes }).ToListAsync(ct);
        var erasures = new Erasures([], []);
        foreach (var e in sealedOnes.Concat(pending))
        {
            using var json = JsonDocument.Parse(e.Changes);
            if (json.RootElement.TryGetProperty("redacted", out var redacted) && redacted.ValueKind == JsonValueKind.Array)
            {
                erasures.Redacted.UnionWith(redacted.EnumerateArray().Select(r => r.GetInt64()));
            }

            if (json.RootElement.TryGetProperty("vouched", out var vouched))
            {
                foreach (var v in vouched.EnumerateObject())
                {
                    erasures.Vouched[long.Parse(v.Name, System.Globalization.CultureInfo.InvariantCulture)] = v.Value.GetString() ?? "";
                }
            }
        }

        return erasures;
    }

    /// <summary>Why the entry's content cannot be trusted, or null when it holds.</summary>
    internal static string? ContentProblem(AuditEntry e, Erasures erasures)
    {
        var hash = AuditChain.ComputeHash(e);
        var redacted = IsMarker(e.Changes, out _);
        if (hash != e.Hash && !(redacted && erasures.Vouched.TryGetValue(e.Sequence, out var vouched) && vouched == hash))
        {
            return "its content does not match its hash (the row was altered)";
        }

        // Redacted after it was sealed (not written as a marker, as pending entries of an erasure are): an erasure must list it.
        if (redacted && DigestOf(e.Changes) != e.ChangesDigest)
        {
            return erasures.Redacted.Contains(e.Sequence) ? null : "its changes were replaced by a redaction marker that no recorded erasure lists";
        }

        return e.ChangesDigest is not null && DigestOf(e.Changes) != e.ChangesDigest
            ? "its changes do not match their digest (the row was altered)"
            : null;
    }

    private static AuditEntry Redacted(AuditEntry e, string marker, string digest) => new()
    {
        Sequence = e.Sequence,
        At = e.At,
        ActorId = e.ActorId,
        ActorName = e.ActorName,
        Action = e.Action,
        SubjectType = e.SubjectType,
        SubjectId = e.SubjectId,
        Changes = marker,
        ChangesDigest = digest,
        Reason = e.Reason,
        PreviousHash = e.PreviousHash,
        Hash = "",
    };
}
