using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Search;

/// <summary>
/// The most common words of each searched table's <c>search_vector</c>, as PostgreSQL's statistics list them, kept in
/// memory for a few minutes. Reading <c>pg_stats</c> is a statement over catalogue views that PostgreSQL plans afresh
/// each time (1.3 ms of planning for 0.2 ms of reading): once per search, three times for a rare word, it was most of
/// PostgreSQL's work for a search. The statistics change only when a table is analysed (autovacuum does so after a tenth
/// of its rows changed), and they only choose between two plans that find the same hits: minutes late is harmless.
/// </summary>
public sealed class PostgresCommonWords(TimeProvider time) : IDisposable
{
    internal static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private static readonly string[] Tables = ["messages", "customers", "customer_notes"];

    private readonly SemaphoreSlim reading = new(1, 1);
    private volatile Kept? kept;

    /// <summary>Which of <paramref name="tables"/> have every term among their most common words (a word start: some common word begins so).</summary>
    public async Task<HashSet<string>> CommonAsync(RapportDbContext db, IReadOnlyList<string> terms, bool wholeWords, IEnumerable<string> tables,
        CancellationToken ct)
    {
        var words = await ReadAsync(db, ct);
        return tables.Where(t => words.TryGetValue(t, out var common) && terms.All(w => Lists(common, w, wholeWords)))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Reads the statistics again at the next search (after an ANALYZE that should count at once).</summary>
    public void Forget() => kept = null;

    private static bool Lists(string[] sorted, string word, bool wholeWord)
    {
        var at = Array.BinarySearch(sorted, word, StringComparer.Ordinal);
        if (at >= 0 || wholeWord)
        {
            return at >= 0;
        }

        // Every word that begins so sorts at or just after where the word itself would be.
        return ~at < sorted.Length && sorted[~at].StartsWith(word, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyDictionary<string, string[]>> ReadAsync(RapportDbContext db, CancellationToken ct)
    {
        if (Fresh(kept) is { } words)
        {
            return words;
        }

        await reading.WaitAsync(ct);
        try
        {
            if (Fresh(kept) is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var rows = await db.Database.SqlQuery<TableWords>($"""
                SELECT s.tablename::text AS "Table", s.most_common_elems::text::text[] AS "Words"
                  FROM pg_stats s
                 WHERE s.schemaname = current_schema() AND s.tablename = ANY({Tables}) AND s.attname = 'search_vector'
                """).ToListAsync(ct);
            var read = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                read[row.Table] = (row.Words ?? []).Order(StringComparer.Ordinal).ToArray();
            }

            kept = new Kept(time.GetUtcNow(), read);
            return read;
        }
        finally
        {
            reading.Release();
        }
    }

    public void Dispose() => reading.Dispose();

    private IReadOnlyDictionary<string, string[]>? Fresh(Kept? k) => k is not null && time.GetUtcNow() - k.At < KeptFor ? k.Words : null;

    private sealed record Kept(DateTimeOffset At, IReadOnlyDictionary<string, string[]> Words);

    private sealed record TableWords(string Table, string[]? Words);
}
