using Microsoft.EntityFrameworkCore;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// PostgreSQL's statistics on the <c>search_vector</c> of messages, customers and customer notes — each table's most
/// common words and the share of rows holding each — kept in memory for a few minutes. Reading <c>pg_stats</c> is a
/// statement over catalogue views that PostgreSQL plans afresh each time (1.3 ms of planning for 0.2 ms of reading):
/// once per search, three times for a rare word, it was most of PostgreSQL's work for a search. The statistics change
/// only when a table is analysed (autovacuum does so after a tenth of its rows changed), and they only choose between
/// ways to find the same rows: minutes late is harmless.
/// </summary>
public sealed class SearchVectorStatistics(TimeProvider time) : IDisposable
{
    internal static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private static readonly string[] Tables = ["messages", "customers", "customer_notes"];

    private readonly SemaphoreSlim reading = new(1, 1);
    private volatile Kept? kept;

    /// <summary>Which of <paramref name="tables"/> have every term among their most common words (a word start: some common word begins so).</summary>
    public async Task<HashSet<string>> CommonAsync(RapportDbContext db, IReadOnlyList<string> terms, bool wholeWords, IEnumerable<string> tables,
        CancellationToken ct)
    {
        var read = await ReadAsync(db, ct);
        return tables.Where(t => read.TryGetValue(t, out var words) && terms.All(w => words.Lists(w, wholeWords))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The statistics of one table; null before it was first analysed.</summary>
    public async Task<CommonWords?> OfAsync(RapportDbContext db, string table, CancellationToken ct) =>
        (await ReadAsync(db, ct)).GetValueOrDefault(table);

    /// <summary>Reads the statistics again at the next search (after an ANALYZE that should count at once).</summary>
    public void Forget() => kept = null;

    public void Dispose() => reading.Dispose();

    private async Task<IReadOnlyDictionary<string, CommonWords>> ReadAsync(RapportDbContext db, CancellationToken ct)
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

            var rows = await db.Database.SqlQuery<StatisticsRow>($"""
                SELECT s.tablename::text AS "Table", s.most_common_elems::text::text[] AS "Words", s.most_common_elem_freqs AS "Shares",
                       (SELECT c.reltuples::float8 FROM pg_class c WHERE c.oid = to_regclass(quote_ident(s.schemaname) || '.' || quote_ident(s.tablename))) AS "Rows"
                  FROM pg_stats s
                 WHERE s.schemaname = current_schema() AND s.tablename = ANY({Tables}) AND s.attname = 'search_vector'
                """).ToListAsync(ct);
            var read = new Dictionary<string, CommonWords>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                read[row.Table] = CommonWords.Of(row.Words ?? [], row.Shares ?? [], row.Rows ?? 0);
            }

            kept = new Kept(time.GetUtcNow(), read);
            return read;
        }
        finally
        {
            reading.Release();
        }
    }

    private IReadOnlyDictionary<string, CommonWords>? Fresh(Kept? k) => k is not null && time.GetUtcNow() - k.At < KeptFor ? k.Words : null;

    private sealed record Kept(DateTimeOffset At, IReadOnlyDictionary<string, CommonWords> Words);

    private sealed record StatisticsRow(string Table, string[]? Words, float[]? Shares, double? Rows);
}

/// <summary>
/// A table's most common words (sorted) with the share of its rows that hold each, as <c>pg_stats</c> gives them
/// (<c>most_common_elem_freqs</c> ends with the least and greatest share and the share of empty rows, after one share
/// per word), and its estimated number of rows.
/// </summary>
public sealed class CommonWords
{
    private readonly string[] words;
    private readonly double[] shares;

    private CommonWords(string[] words, double[] shares, double least, double rows) =>
        (this.words, this.shares, Least, Rows) = (words, shares, least, rows);

    /// <summary>The share of rows holding the least common of the listed words: a word not listed is rarer than this.</summary>
    public double Least { get; }

    public double Rows { get; }

    public static CommonWords Of(IReadOnlyList<string> words, IReadOnlyList<float> shares, double rows)
    {
        var listed = words.Select((w, i) => (Word: w, Share: i < shares.Count ? shares[i] : 0d)).OrderBy(x => x.Word, StringComparer.Ordinal).ToArray();
        var least = shares.Count > words.Count ? shares[words.Count] : listed.Select(x => x.Share).DefaultIfEmpty(0).Min();
        return new CommonWords(listed.Select(x => x.Word).ToArray(), listed.Select(x => x.Share).ToArray(), least, rows);
    }

    /// <summary>Whether the word is listed; as a word start, whether a listed word begins so.</summary>
    public bool Lists(string word, bool wholeWord)
    {
        var at = Array.BinarySearch(words, word, StringComparer.Ordinal);
        if (at >= 0 || wholeWord)
        {
            return at >= 0;
        }

        return ~at < words.Length && words[~at].StartsWith(word, StringComparison.Ordinal);
    }

    /// <summary>
    /// About how many rows hold a word that begins so: the listed words that do, or, when none does, half the least
    /// listed share (the statistics cannot tell more about a rarer word).
    /// </summary>
    public double RowsStartingWith(string start)
    {
        var at = Array.BinarySearch(words, start, StringComparer.Ordinal);
        var share = 0d;
        // Every word that begins so sorts at or just after where the start itself would be.
        for (var i = at >= 0 ? at : ~at; i < words.Length && words[i].StartsWith(start, StringComparison.Ordinal); i++)
        {
            share += shares[i];
        }

        return Math.Min(1, share > 0 ? share : Least / 2) * Rows;
    }
}
