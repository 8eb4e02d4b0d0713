using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Audit;

/// <summary>Something an anchor shows to be wrong. <see cref="Sequence"/> is the first entry concerned, when there is one.</summary>
public sealed record AuditAnchorProblem(string Kind, int? Line, long? Sequence, string Message);

/// <summary>
/// What the anchors say about the audit trail: how many were read and verified, the furthest entry they vouch for
/// and the latest time one was written, the problems found, and warnings (no anchors yet, a key kept beside the
/// database) that do not make the trail fail.
/// </summary>
public sealed record AuditAnchorCheck(int Anchors, int Verified, long? AnchoredSequence, DateTimeOffset? LatestAt, string? KeyId,
    IReadOnlyList<AuditAnchorProblem> Problems, IReadOnlyList<string> Warnings);

/// <summary>
/// Checks the audit trail against the anchors written outside the database. Only anchors whose signature the
/// configured key verifies are trusted; each says "the chain had reached entry N with hash H", so the trail must
/// still hold entry N with hash H (else it was rewritten) and must not end before N (else its end was deleted).
/// Duplicate anchors (several nodes anchoring the same head) are fine.
/// </summary>
public static class AuditAnchors
{
    public const string Truncated = "truncated";
    public const string Rewritten = "rewritten";
    public const string Missing = "missing";
    public const string BadSignature = "badSignature";
    public const string OtherKey = "otherKey";
    public const string Unreadable = "unreadable";
    public const string NoKey = "noKey";

    private const int LookupBatch = 500;

    public static async Task<AuditAnchorCheck> CheckAsync(RapportDbContext db, IReadOnlyList<AuditAnchorLine> lines, AuditAnchorKey? key,
        string? keyProblem, string where, CancellationToken ct)
    {
        var problems = new List<AuditAnchorProblem>();
        var warnings = new List<string>();
        var anchors = lines.Where(l => l.Anchor is not null).ToList();
        foreach (var line in lines.Where(l => l.Anchor is null))
        {
            problems.Add(new AuditAnchorProblem(Unreadable, line.Number, null, $"line {line.Number} of {where} is not an anchor: {line.Error}"));
        }

        var trusted = new List<(int Line, AuditAnchor Anchor)>();
        if (key is null)
        {
            if (anchors.Count > 0)
            {
                problems.Add(new AuditAnchorProblem(NoKey, null, null, $"{anchors.Count} anchor(s) in {where} cannot be checked: {keyProblem}"));
            }
            else
            {
                warnings.Add($"{Capitalised(keyProblem ?? "no anchor key is configured")}.");
            }
        }
        else
        {
            foreach (var line in anchors)
            {
                var anchor = line.Anchor!;
                if (anchor.Key != key.Id)
                {
                    problems.Add(new AuditAnchorProblem(OtherKey, line.Number, null,
                        $"the anchor on line {line.Number} of {where} was signed with another key ({anchor.Key}; the configured key is {key.Id}): it cannot be trusted"));
                }
                else if (!anchor.IsSignedBy(key))
                {
                    problems.Add(new AuditAnchorProblem(BadSignature, line.Number, null,
                        $"the anchor on line {line.Number} of {where} has a bad signature: it was altered or forged"));
                }
                else
                {
                    trusted.Add((line.Number, anchor));
                }
            }

            if (key.BesideTheData)
            {
                warnings.Add($"No anchor key is configured: anchors are signed with {key.Source}, which Rapport generated beside the database. " +
                    "They reveal deleted entries only when whoever deleted them could not also read that file (and sign new anchors); " +
                    $"keep the key elsewhere with {AuditAnchorSettings.KeySetting} or {AuditAnchorSettings.KeyFileSetting}.");
            }
        }

        if (anchors.Count == 0)
        {
            warnings.Add($"There are no anchors in {where}: deleting the last entries of the trail would go unnoticed. " +
                "The server writes one every day (Rapport:Audit:AnchorMinutes); `rapport audit anchor` writes one now.");
        }

        problems.InsertRange(0, await CompareAsync(db, trusted, where, ct));
        var furthest = trusted.Count == 0 ? null : (long?)trusted.Max(t => t.Anchor.Sequence);
        var latest = trusted.Count == 0 ? null : (DateTimeOffset?)trusted.Max(t => t.Anchor.At);
        return new AuditAnchorCheck(anchors.Count, trusted.Count, furthest, latest, key?.Id, problems, warnings);
    }

    /// <summary>The trusted anchors against the trail: its end must not come before any of them, and each anchored entry must be unchanged.</summary>
    private static async Task<List<AuditAnchorProblem>> CompareAsync(RapportDbContext db, List<(int Line, AuditAnchor Anchor)> trusted, string where,
        CancellationToken ct)
    {
        var problems = new List<AuditAnchorProblem>();
        if (trusted.Count == 0)
        {
            return problems;
        }

        var last = await db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        var furthest = trusted.OrderByDescending(t => t.Anchor.Sequence).ThenBy(t => t.Line).First();
        if (furthest.Anchor.Sequence > last)
        {
            var s = furthest.Anchor.Sequence;
            var range = last + 1 == s ? $"entry {s} was" : $"entries {last + 1}–{s} were";
            var end = last == 0 ? "the trail is empty" : $"it ends at entry {last}";
            problems.Add(new AuditAnchorProblem(Truncated, furthest.Line, last + 1,
                $"{range} deleted from the end of the trail: {end}, but the anchor on line {furthest.Line} of {where} shows it reached entry {s} on {When(furthest.Anchor.At)}"));
        }

        // One look-up per anchored entry, however many anchors (nodes, repeated runs) name it.
        var stated = trusted.Where(t => t.Anchor.Sequence <= last)
            .GroupBy(t => (t.Anchor.Sequence, t.Anchor.Hash))
            .Select(g => g.OrderBy(t => t.Line).First())
            .OrderBy(t => t.Anchor.Sequence)
            .ToList();
        var stored = new Dictionary<long, string>();
        foreach (var batch in stated.Select(t => t.Anchor.Sequence).Distinct().Chunk(LookupBatch))
        {
            foreach (var row in await db.AuditEntries.AsNoTracking().Where(e => batch.Contains(e.Sequence))
                         .Select(e => new { e.Sequence, e.Hash }).ToListAsync(ct))
            {
                stored[row.Sequence] = row.Hash;
            }
        }

        foreach (var (line, anchor) in stated)
        {
            var s = anchor.Sequence;
            if (!stored.TryGetValue(s, out var hash))
            {
                problems.Add(new AuditAnchorProblem(Missing, line, s,
                    $"entry {s} was deleted: the anchor on line {line} of {where} vouches for it on {When(anchor.At)}"));
            }
            else if (hash != anchor.Hash)
            {
                problems.Add(new AuditAnchorProblem(Rewritten, line, s,
                    $"the trail up to entry {s} was rewritten: that entry's hash is not the one the anchor on line {line} of {where} recorded on {When(anchor.At)}"));
            }
        }

        return problems;
    }

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
