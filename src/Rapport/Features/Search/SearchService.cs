using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Search;

/// <summary>What a hit is.</summary>
public enum SearchHitKind { Message, Customer, Note }

/// <summary>One search hit with a highlighted snippet (matched words wrapped in &lt;mark&gt;, everything else HTML-escaped).</summary>
public sealed record SearchHit(SearchHitKind Kind, Guid Id, Guid? ConversationId, Guid CustomerId, string Title, string Snippet, DateTime At);

/// <summary>Filters for message hits.</summary>
public sealed record SearchFilters(Channel? Channel = null, ConversationStatus? Status = null, DateTime? From = null, DateTime? To = null, Guid? AgentId = null);

/// <summary>
/// Full-text search over messages, customers and notes: SQLite FTS5 or PostgreSQL tsvector + GIN, behind one method.
/// Message hits come only from conversations the viewer may see (<see cref="ConversationVisibility"/>).
/// </summary>
/// <remarks>
/// Message hits come newest first, whole words before word starts, and a search never ranks or counts every match: at
/// 10M messages a common word matches millions, and ranking them all took seconds. Each step reads a page of matches in
/// storage order (SQLite's rowid, PostgreSQL's version-7 key: newest last), so its cost is the page, not the matches.
/// Whole words come first because both engines read one word's list a page at a time, while a word start ("refund"*)
/// merges the lists of every word that begins so before the first row comes back; word starts are looked up only when
/// whole words did not fill the page.
/// </remarks>
public sealed class SearchService(RapportDbContext db, SearchVectorStatistics statistics)
{
    public const int MaxResults = 50;

    /// <summary>How many matching messages one search reads at most to fill a page with ones the viewer may see.</summary>
    internal const int MostCandidates = 2_000;

    private static readonly SearchFilters NoFilters = new();

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, SearchFilters filters, Viewer viewer, int take, CancellationToken ct)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            throw new InvalidInputException("q", "Give at least one word to search for.");
        }

        take = Math.Clamp(take, 1, MaxResults);
        // On PostgreSQL a search is a few milliseconds of reading, but the planner's guess for a word it has no statistics
        // for (0.5 % of 10M messages) makes it cost the statement high enough to compile it (JIT, ~15 ms) and to start
        // parallel workers (two more processes per search): 192 ms for a rare word where the plan itself takes 0.3 ms.
        // And each statement is planned once, not per search: the search picks each statement's shape itself (common words
        // read in key order, rare ones from the index, by the statistics), so one plan per shape serves every word, and
        // planning each search anew was half of PostgreSQL's time per search (0.5 of 1.2 ms at 10M messages). A generic
        // plan does not see the values, so no statement asks the index for anything the plan could take for selective.
        await using var readOnly = db.IsPostgres ? await db.Database.BeginTransactionAsync(ct) : null;
        if (readOnly is not null)
        {
            await db.Database.ExecuteSqlRawAsync(
                "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL plan_cache_mode = force_generic_plan", ct);
        }

        var rows = await MessagesAsync(terms, filters, viewer, take, ct);
        if (rows.Count < take && filters.Channel is null && filters.Status is null && filters.AgentId is null)
        {
            rows.AddRange(db.IsPostgres ? await PostgresOthersAsync(terms, take, ct) : await SqliteOthersAsync(terms, take, ct));
        }

        if (readOnly is not null)
        {
            await readOnly.CommitAsync(ct);
        }

        return rows.Take(take)
            .Select(r => new SearchHit(Enum.Parse<SearchHitKind>(r.Kind, ignoreCase: true), r.Id, r.ConversationId, r.CustomerId, r.Title,
                Highlight(r.Snippet, terms), DateTime.SpecifyKind(r.At, DateTimeKind.Utc)))
            .ToList();
    }

    /// <summary>
    /// Up to <paramref name="take"/> messages the viewer may see that pass the filters: pages of matches, newest first,
    /// whole words then word starts, each page checked by the one visibility rule, until the page is full or
    /// <see cref="MostCandidates"/> matches were read.
    /// </summary>
    private async Task<List<Row>> MessagesAsync(List<string> terms, SearchFilters filters, Viewer viewer, int take, CancellationToken ct)
    {
        var hits = new List<Row>(take);
        var seen = new HashSet<Guid>();
        var read = 0;
        foreach (var wholeWords in (bool[])[true, false])
        {
            Row? after = null;
            var page = take * 2;
            var common = db.IsPostgres && hits.Count < take && (await CommonOnPostgresAsync(terms, wholeWords, ["messages"], ct)).Contains("messages");
            while (hits.Count < take && read < MostCandidates)
            {
                var candidates = await Checked(db.IsPostgres
                    ? PostgresMessages(terms, wholeWords, common, after, page)
                    : SqliteMessages(terms, wholeWords, after, page), filters, viewer).ToListAsync(ct);
                read += candidates.Count;
                hits.AddRange(candidates.Where(c => c.Allowed && seen.Add(c.Row.Id)).Select(c => c.Row));
                if (candidates.Count < page)
                {
                    if (!common)
                    {
                        break;
                    }

                    // The newest messages held less than a page: the rest, however far back, from the index (what was
                    // found already is found again and left out).
                    common = false;
                    continue;
                }

                after = candidates[^1].Row;
                page = Math.Min(page * 4, MostCandidates - read);
            }
        }

        return hits.Count > take ? hits.GetRange(0, take) : hits;
    }

    /// <summary>
    /// Each candidate with whether the viewer may see it (the one visibility rule) and the filters keep it, in the
    /// candidates' order, newest first. Checked in the candidates' own statement: one round trip per page, where a second
    /// statement for the check cost PostgreSQL a planning and the node a round trip of its own.
    /// </summary>
    private IQueryable<Candidate> Checked(IQueryable<Row> candidates, SearchFilters filters, Viewer viewer)
    {
        var newestFirst = db.IsPostgres ? candidates.OrderByDescending(r => r.Id) : candidates.OrderByDescending(r => r.Position);
        if (filters == NoFilters)
        {
            // The conversation's rule straight from the candidate's conversation, without looking the message up again.
            var visible = db.Conversations.VisibleTo(db, viewer);
            return viewer.SeesAll
                ? newestFirst.Select(r => new Candidate(r, true))
                : newestFirst.Select(r => new Candidate(r, visible.Any(c => c.Id == r.ConversationId)));
        }

        var allowed = db.Messages.VisibleTo(db, viewer);
        if (filters.Channel is { } channel)
        {
            allowed = allowed.Where(m => m.Channel == channel);
        }

        if (filters.Status is { } status)
        {
            allowed = allowed.Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.Status == status));
        }

        if (filters.From is { } from)
        {
            allowed = allowed.Where(m => m.At >= from);
        }

        if (filters.To is { } to)
        {
            allowed = allowed.Where(m => m.At <= to);
        }

        if (filters.AgentId is { } agent)
        {
            allowed = allowed.Where(m => m.AuthorId == agent);
        }

        return newestFirst.Select(r => new Candidate(r, allowed.Any(m => m.Id == r.Id)));
    }

    /// <summary>Each word quoted (no FTS syntax from users), whole or as a word start; all words must match.</summary>
    private static string FtsMatch(List<string> terms, bool wholeWords) =>
        string.Join(' ', terms.Select(t => $"\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"{(wholeWords ? "" : "*")}"));

    private IQueryable<Row> SqliteMessages(List<string> terms, bool wholeWords, Row? after, int page)
    {
        var match = FtsMatch(terms, wholeWords);
        var before = after?.Position ?? long.MaxValue;
        // FTS5 walks its rowids backwards and stops at the LIMIT: no sort and no rank, whatever the number of matches.
        return db.Database.SqlQuery<Row>($"""
            SELECT 'message' AS "Kind", m."Id", m.rowid AS "Position", m."ConversationId", m."CustomerId", coalesce(m."Subject", '') AS "Title",
                   substr(m."Text", 1, 2000) AS "Snippet", m."At"
              FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid
             WHERE message_fts MATCH {match} AND message_fts.rowid < {before}
             ORDER BY message_fts.rowid DESC LIMIT {page}
            """);
    }

    private async Task<List<Row>> SqliteOthersAsync(List<string> terms, int take, CancellationToken ct)
    {
        var match = FtsMatch(terms, wholeWords: false);
        // SQLite allows LIMIT only on the whole compound select, so each part is a sub-select.
        return await db.Database.SqlQuery<Row>($"""
            SELECT * FROM (SELECT 'customer' AS "Kind", c."Id", 0 AS "Position", NULL AS "ConversationId", c."Id" AS "CustomerId", c."Name" AS "Title",
                   c."Name" || coalesce(' · ' || c."Organisation", '') AS "Snippet", c."CreatedAt" AS "At"
              FROM customer_fts JOIN customers c ON c.rowid = customer_fts.rowid
              WHERE customer_fts MATCH {match} AND c."MergedIntoId" IS NULL LIMIT {take})
            UNION ALL
            SELECT * FROM (SELECT 'note', n."Id", 0, NULL, n."CustomerId", 'Note by ' || n."AuthorName", substr(n."Body", 1, 2000), n."CreatedAt"
              FROM note_fts JOIN customer_notes n ON n.rowid = note_fts.rowid
              WHERE note_fts MATCH {match} LIMIT {take})
            """).ToListAsync(ct);
    }

    private static string TsQuery(List<string> terms, bool wholeWords) =>
        string.Join(" & ", terms.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}'{(wholeWords ? "" : ":*")}"));

    /// <summary>
    /// Which of the given tables' <c>search_vector</c> have every word among their most common words, by PostgreSQL's own
    /// statistics (<see cref="SearchVectorStatistics"/>). The planner cannot tell a rare word from a common one it has no
    /// statistics for: it guesses a fixed share of the rows (0.5 % of 10M messages; 2 % of customer notes, whose few most
    /// common words are frequent), and with a LIMIT it then reads the table in order testing every row — all 10M messages
    /// for a word in five of them (6 s), all 100,578 notes for a word in none (22 ms). So the search picks the plan
    /// itself: common words read the table in order (a page of matches is found at once), anything rarer is collected
    /// from the GIN index first. A table without statistics yet (new, small) is not common: the index serves.
    /// </summary>
    internal Task<HashSet<string>> CommonOnPostgresAsync(List<string> terms, bool wholeWords, string[] tables, CancellationToken ct) =>
        statistics.CommonAsync(db, terms, wholeWords, tables, ct);

    private IQueryable<Row> PostgresMessages(List<string> terms, bool wholeWords, bool common, Row? after, int page)
    {
        var tsquery = TsQuery(terms, wholeWords);
        // Version-7 keys make the primary key storage order, so newest first is the key backwards.
        var before = after?.Id ?? new Guid("ffffffff-ffff-ffff-ffff-ffffffffffff");
        if (common)
        {
            // Only the newest 10,000 messages are read in key order (a constant, so that a generic plan knows it is few):
            // words common on their own may never stand in one message together, and an unbounded read in key order then
            // tested all 10M messages (78 s). Fewer than a page there, and the index finds the rest (MessagesAsync). A word
            // in one message of 250 still fills a page there.
            return db.Database.SqlQuery<Row>($"""
                SELECT 'message' AS "Kind", m."Id", 0::bigint AS "Position", m."ConversationId", m."CustomerId", coalesce(m."Subject", '') AS "Title",
                       left(m."Text", 2000) AS "Snippet", m."At"
                  FROM (SELECT * FROM messages WHERE "Id" < {before} ORDER BY "Id" DESC LIMIT 10000) m
                 WHERE m.search_vector @@ to_tsquery('simple', {tsquery})
                 ORDER BY m."Id" DESC LIMIT {page}
                """);
        }

        // Materialised, so the matches come from the GIN index whatever the planner guesses, then only they are sorted.
        // The page's bound is applied to the matches, not asked of the index with them: a generic plan cannot tell that
        // the first page's bound keeps every key, and read all 10M of them from the primary key to intersect (800 ms).
        return db.Database.SqlQuery<Row>($"""
            WITH hits AS MATERIALIZED (
                SELECT h."Id" FROM messages h WHERE h.search_vector @@ to_tsquery('simple', {tsquery}))
            SELECT 'message' AS "Kind", m."Id", 0::bigint AS "Position", m."ConversationId", m."CustomerId", coalesce(m."Subject", '') AS "Title",
                   left(m."Text", 2000) AS "Snippet", m."At"
              FROM messages m
             WHERE m."Id" IN (SELECT "Id" FROM hits WHERE "Id" < {before} ORDER BY "Id" DESC LIMIT {page})
             ORDER BY m."Id" DESC
            """);
    }

    private async Task<List<Row>> PostgresOthersAsync(List<string> terms, int take, CancellationToken ct)
    {
        var tsquery = TsQuery(terms, wholeWords: false);
        var common = await CommonOnPostgresAsync(terms, wholeWords: false, ["customers", "customer_notes"], ct);
        // A rare word's matches come from the GIN index (materialised: the planner cannot swap in a scan); the CTE is read
        // lazily, so it stops at the page even when more match.
        var customers = common.Contains("customers") ? "customers" : "customer_hits";
        var notes = common.Contains("customer_notes") ? "customer_notes" : "note_hits";
        var sql = $$"""
            WITH customer_hits AS MATERIALIZED (SELECT * FROM customers WHERE search_vector @@ to_tsquery('simple', {0})),
                 note_hits AS MATERIALIZED (SELECT * FROM customer_notes WHERE search_vector @@ to_tsquery('simple', {0}))
            (SELECT 'customer' AS "Kind", c."Id", 0::bigint AS "Position", NULL::uuid AS "ConversationId", c."Id" AS "CustomerId", c."Name" AS "Title",
                    c."Name" || coalesce(' · ' || c."Organisation", '') AS "Snippet", c."CreatedAt" AS "At"
             FROM {{customers}} c WHERE c.search_vector @@ to_tsquery('simple', {0}) AND c."MergedIntoId" IS NULL LIMIT {1})
            UNION ALL
            (SELECT 'note', n."Id", 0::bigint, NULL::uuid, n."CustomerId", 'Note by ' || n."AuthorName", left(n."Body", 2000), n."CreatedAt"
             FROM {{notes}} n WHERE n.search_vector @@ to_tsquery('simple', {0}) LIMIT {1})
            """;
        return await db.Database.SqlQueryRaw<Row>(sql, tsquery, take).ToListAsync(ct);
    }

    /// <summary>Words of the query, lower-cased, without punctuation that either engine would read as syntax.</summary>
    internal static List<string> Terms(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(ch => char.IsLetterOrDigit(ch) || ch is '@' or '.' or '-' or '_').ToArray()).Trim('.', '-', '_').ToLowerInvariant())
            .Where(w => w.Length > 0)
            .Distinct()
            .Take(10)
            .ToList();

    /// <summary>
    /// A window of text around the first match, HTML-escaped, with matching words marked. The window is cut, and the text
    /// escaped, by text elements (what a reader sees as one character: an emoji, a letter with its accents), never inside one.
    /// </summary>
    /// <remarks>
    /// Runs once per hit, so it reads only the window: text elements are found from the nearest point before a cut that
    /// is certainly a boundary, the words are tried only where a word starts, and text between marks is escaped a run at a
    /// time (per character and through LINQ it was a tenth of a message search's CPU at 10M messages on SQLite).
    /// </remarks>
    internal static string Highlight(string text, List<string> terms)
    {
        if (text.Length == 0)
        {
            return "";
        }

        var longestFirst = terms.ToArray();
        Array.Sort(longestFirst, (x, y) => y.Length.CompareTo(x.Length));
        var first = int.MaxValue;
        foreach (var term in longestFirst)
        {
            var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase);
            first = at >= 0 ? Math.Min(first, at) : first;
        }

        var start = ElementStart(text, Math.Max(0, first == int.MaxValue ? 0 : first - 60));
        var end = Math.Min(text.Length, start + 200);
        end = end == text.Length ? end : ElementStart(text, end);
        // Measured before line endings change, which shortens the window when CRLF becomes one space.
        var window = text[start..end].ReplaceLineEndings(" ");
        var output = new StringBuilder(window.Length + 32);
        if (start > 0)
        {
            output.Append('…');
        }

        var run = 0;
        for (var i = 0; i < window.Length; i++)
        {
            if ((i > 0 && char.IsLetterOrDigit(window[i - 1])) || Match(window, i, longestFirst) is not { } hit)
            {
                continue;
            }

            output.Append(System.Net.WebUtility.HtmlEncode(window[run..i]));
            var stop = i + hit.Length;
            while (stop < window.Length && char.IsLetterOrDigit(window[stop])) stop++;
            output.Append("<mark>").Append(System.Net.WebUtility.HtmlEncode(window[i..stop])).Append("</mark>");
            run = stop;
            i = stop - 1;
        }

        output.Append(System.Net.WebUtility.HtmlEncode(window[run..]));
        if (end < text.Length) output.Append('…');
        return output.ToString();
    }

    /// <summary>The longest word that the window holds at <paramref name="at"/>, in any case.</summary>
    private static string? Match(string window, int at, string[] longestFirst)
    {
        foreach (var term in longestFirst)
        {
            if (string.Compare(window, at, term, 0, term.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return term;
            }
        }

        return null;
    }

    /// <summary>
    /// The start of the text element that holds <paramref name="index"/>. Between two ASCII characters there is always an
    /// element boundary but between CR and LF (UAX #29), so the elements are walked only from the nearest such point.
    /// </summary>
    internal static int ElementStart(string text, int index)
    {
        var from = index;
        while (from > 0 && !(text[from - 1] < 0x80 && text[from] < 0x80 && !(text[from - 1] == '\r' && text[from] == '\n')))
        {
            from--;
        }

        while (true)
        {
            var length = System.Globalization.StringInfo.GetNextTextElementLength(text, from);
            if (length == 0 || from + length > index)
            {
                return from;
            }

            from += length;
        }
    }

    /// <summary>A hit as the database gives it; a message's <c>Position</c> is its SQLite rowid, where the full-text index keeps it.</summary>
    private sealed record Row(string Kind, Guid Id, long Position, Guid? ConversationId, Guid CustomerId, string Title, string Snippet, DateTime At);

    /// <summary>A message that matched, and whether the viewer may see it and the filters keep it.</summary>
    private sealed record Candidate(Row Row, bool Allowed);
}
