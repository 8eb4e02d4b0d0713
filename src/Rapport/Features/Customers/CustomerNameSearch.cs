using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>
/// Customer name search through the customer full-text index (SQLite FTS5 <c>customer_fts</c>, PostgreSQL
/// <c>customers.search_vector</c>) instead of reading every name: each word of the search must begin a word of the
/// name (any order, any case). The index only proposes candidates; the list still checks that the name contains every
/// word as typed, so accents count as they always have and an organisation's name does not match a person.
/// </summary>
internal static class CustomerNameSearch
{
    /// <summary>
    /// Above this many candidates the index is not the fast way: a word that common ("a", "jo") is found within the
    /// first few thousand names in list order, which the name index walks and stops early, while sorting every
    /// candidate would not.
    /// </summary>
    internal const int MaxCandidates = 2000;

    /// <summary>
    /// Looking a candidate up in the list costs about as much as reading this many entries of the index's lists (a
    /// lookup by id and the name's check, against 0.1 µs per entry: 280,000 entries read in 30 ms).
    /// </summary>
    internal const int EntriesPerCandidate = 50;

    /// <summary>The words a search is made of, lower-cased as names are stored.</summary>
    public static string[] Words(string term) => term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The ids of customers whose name has a word beginning with every given word; null when the index cannot
    /// answer (no word has a letter or digit) or proposes more than <see cref="MaxCandidates"/>.
    /// </summary>
    /// <remarks>
    /// The ids themselves come back, not a query over the index for the list to join: PostgreSQL cannot estimate a
    /// prefix query it builds at run time, guessed 5,000 of 1M names, and walked the whole name index in list order
    /// rather than look up the 15 candidates it had (about 770 ms instead of 2.4 ms at 1M customers). A list of ids it can count.
    /// </remarks>
    public static async Task<List<Guid>?> CandidatesAsync(RapportDbContext db, SearchVectorStatistics statistics, string term, CancellationToken ct)
    {
        var indexed = Words(term).Where(w => w.Any(char.IsLetterOrDigit)).ToList();
        if (indexed.Count == 0)
        {
            return null;
        }

        IQueryable<Guid> ids;
        if (db.IsPostgres)
        {
            // PostgreSQL's own parser splits the search as it split the names; every lexeme becomes a prefix, but for the
            // common ones Selective leaves out (split here as that parser splits plain words: at anything not a letter or
            // digit — a word split otherwise there is asked whole, which only narrows the question).
            var omitted = await statistics.OfAsync(db, "customers", ct) is { Rows: > 0 } words
                && Lexemes(indexed) is { Count: > 1 } lexemes ? lexemes.Except(Selective(lexemes, words)).ToArray() : [];
            ids = OnPostgres(db, indexed, omitted);
        }
        else
        {
            // Each word is a quoted FTS5 phrase (quotes doubled), so nothing typed is read as query syntax; the index
            // tokenises it as it tokenised the names ("o'brien" is the phrase o brien).
            var match = string.Join(" AND ", indexed.Select(w => $"Name : \"{w.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));
            ids = db.Database.SqlQueryRaw<Guid>(
                "SELECT c.\"Id\" AS \"Value\" FROM customers c WHERE c.rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH {0} LIMIT {1})",
                match, MaxCandidates + 1);
        }

        var found = await ids.ToListAsync(ct);
        return found.Count > MaxCandidates ? null : found;
    }

    /// <summary>Names with a word beginning with each lexeme of <paramref name="words"/> but the omitted ones (all of them if every one is).</summary>
    internal static IQueryable<Guid> OnPostgres(RapportDbContext db, IReadOnlyList<string> words, string[] omitted) =>
        db.Database.SqlQueryRaw<Guid>(
            "SELECT \"Id\" AS \"Value\" FROM customers WHERE search_vector @@ to_tsquery('simple', (SELECT coalesce("
            + "string_agg(quote_literal(lexeme) || ':*', ' & ') FILTER (WHERE lexeme <> ALL({1})), string_agg(quote_literal(lexeme) || ':*', ' & ')) "
            + "FROM unnest(to_tsvector('simple', {0})))) LIMIT {2}",
            string.Join(' ', words), omitted, MaxCandidates + 1);

    /// <summary>The words as PostgreSQL's parser splits plain words: at anything but a letter or a digit, lower-cased.</summary>
    internal static List<string> Lexemes(IEnumerable<string> words)
    {
        var lexemes = new List<string>();
        foreach (var word in words)
        {
            var start = 0;
            for (var i = 0; i <= word.Length; i++)
            {
                if (i < word.Length && char.IsLetterOrDigit(word[i]))
                {
                    continue;
                }

                if (i > start && word[start..i].ToLowerInvariant() is var lexeme && !lexemes.Contains(lexeme, StringComparer.Ordinal))
                {
                    lexemes.Add(lexeme);
                }

                start = i + 1;
            }
        }

        return lexemes;
    }

    /// <summary>
    /// The word starts worth asking the index for. Every word start is one more list of names for PostgreSQL to read whole
    /// and intersect, and a common one is long: "and" and "o" (of "o'kon") begin words of 17 % and 5 % of 1M
    /// organisations, and asking for "o'kon and sons" read 280,000 entries for 111 names (30 ms). So the rarest word start
    /// is asked, and each next rarest only while the candidates are too many for the index to be used at all, or while the
    /// candidates it would strike out cost more to look up than its list costs to read
    /// (<see cref="EntriesPerCandidate"/>). The list still checks every word against the name, so leaving one out of the
    /// index's question loses no match.
    /// </summary>
    internal static List<string> Selective(IReadOnlyList<string> lexemes, CommonWords customers)
    {
        var byRows = lexemes.Distinct(StringComparer.Ordinal).Select(l => (Lexeme: l, Rows: customers.RowsStartingWith(l))).OrderBy(x => x.Rows).ToList();
        var chosen = new List<string> { byRows[0].Lexeme };
        var estimate = byRows[0].Rows;
        foreach (var (lexeme, rows) in byRows.Skip(1))
        {
            var share = rows / customers.Rows;
            if (estimate <= MaxCandidates / 2 && estimate * (1 - share) * EntriesPerCandidate < rows)
            {
                break;
            }

            chosen.Add(lexeme);
            estimate *= share;
        }

        return chosen;
    }
}
