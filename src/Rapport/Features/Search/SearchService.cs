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
public sealed class SearchService(RapportDbContext db)
{
    public const int MaxResults = 50;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, SearchFilters filters, Viewer viewer, int take, CancellationToken ct)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            throw new InvalidInputException("q", "Give at least one word to search for.");
        }

        take = Math.Clamp(take, 1, MaxResults);
        var rows = db.IsPostgres ? await PostgresAsync(terms, take, ct) : await SqliteAsync(terms, take, ct);
        var messageIds = rows.Where(r => r.Kind == "message").Select(r => r.Id).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).VisibleTo(db, viewer)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => new { m.Id, m.Channel, m.AuthorId, m.At, c.Status })
            .ToDictionaryAsync(m => m.Id, ct);
        return rows.Where(r => r.Kind != "message" || (messages.TryGetValue(r.Id, out var m) && Matches(filters, m.Channel, m.Status, m.At, m.AuthorId)))
            .Where(r => r.Kind == "message" || (filters.Channel is null && filters.Status is null && filters.AgentId is null))
            .Select(r => new SearchHit(Enum.Parse<SearchHitKind>(r.Kind, ignoreCase: true), r.Id, r.ConversationId, r.CustomerId, r.Title,
                Highlight(r.Snippet, terms), DateTime.SpecifyKind(r.At, DateTimeKind.Utc)))
            .Take(take)
            .ToList();
    }

    private static bool Matches(SearchFilters f, Channel channel, ConversationStatus status, DateTime at, Guid? author) =>
        (f.Channel is null || f.Channel == channel) && (f.Status is null || f.Status == status)
        && (f.From is null || at >= f.From) && (f.To is null || at <= f.To) && (f.AgentId is null || f.AgentId == author);

    private async Task<List<Row>> SqliteAsync(List<string> terms, int take, CancellationToken ct)
    {
        // Each word is quoted (no FTS syntax from users) and prefix-matched; all words must match.
        var match = string.Join(' ', terms.Select(t => $"\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));
        var limit = take * 4;
        // SQLite allows LIMIT only on the whole compound select, so each part is a sub-select.
        return await db.Database.SqlQuery<Row>($"""
            SELECT * FROM (SELECT 'message' AS "Kind", m."Id", m."ConversationId", m."CustomerId", coalesce(m."Subject", '') AS "Title",
                   substr(m."Text", 1, 2000) AS "Snippet", m."At"
              FROM message_fts JOIN messages m ON m.rowid = message_fts.rowid
              WHERE message_fts MATCH {match} ORDER BY rank LIMIT {limit})
            UNION ALL
            SELECT * FROM (SELECT 'customer', c."Id", NULL, c."Id", c."Name", c."Name" || coalesce(' · ' || c."Organisation", ''), c."CreatedAt"
              FROM customer_fts JOIN customers c ON c.rowid = customer_fts.rowid
              WHERE customer_fts MATCH {match} AND c."MergedIntoId" IS NULL LIMIT {limit})
            UNION ALL
            SELECT * FROM (SELECT 'note', n."Id", NULL, n."CustomerId", 'Note by ' || n."AuthorName", substr(n."Body", 1, 2000), n."CreatedAt"
              FROM note_fts JOIN customer_notes n ON n.rowid = note_fts.rowid
              WHERE note_fts MATCH {match} LIMIT {limit})
            """).ToListAsync(ct);
    }

    private async Task<List<Row>> PostgresAsync(List<string> terms, int take, CancellationToken ct)
    {
        var tsquery = string.Join(" & ", terms.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}':*"));
        var limit = take * 4;
        return await db.Database.SqlQuery<Row>($"""
            (SELECT 'message' AS "Kind", m."Id", m."ConversationId", m."CustomerId", coalesce(m."Subject", '') AS "Title",
                    left(m."Text", 2000) AS "Snippet", m."At"
             FROM messages m WHERE m.search_vector @@ to_tsquery('simple', {tsquery})
             ORDER BY ts_rank(m.search_vector, to_tsquery('simple', {tsquery})) DESC LIMIT {limit})
            UNION ALL
            (SELECT 'customer', c."Id", NULL, c."Id", c."Name", c."Name" || coalesce(' · ' || c."Organisation", ''), c."CreatedAt"
             FROM customers c WHERE c.search_vector @@ to_tsquery('simple', {tsquery}) AND c."MergedIntoId" IS NULL LIMIT {limit})
            UNION ALL
            (SELECT 'note', n."Id", NULL, n."CustomerId", 'Note by ' || n."AuthorName", left(n."Body", 2000), n."CreatedAt"
             FROM customer_notes n WHERE n.search_vector @@ to_tsquery('simple', {tsquery}) LIMIT {limit})
            """).ToListAsync(ct);
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
    internal static string Highlight(string text, List<string> terms)
    {
        if (text.Length == 0)
        {
            return "";
        }

        var lower = text.ToLowerInvariant();
        var first = terms.Select(t => lower.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var bounds = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        var start = Boundary(bounds, Math.Max(0, first - 60));
        var end = Math.Min(text.Length, start + 200);
        end = end == text.Length ? end : Boundary(bounds, end);
        // Measured before line endings change, which shortens the window when CRLF becomes one space.
        var window = text[start..end].ReplaceLineEndings(" ");
        var output = new StringBuilder(start > 0 ? "…" : "");
        var i = 0;
        while (i < window.Length)
        {
            var hit = terms.Where(t => string.Compare(window, i, t, 0, t.Length, StringComparison.OrdinalIgnoreCase) == 0 && (i == 0 || !char.IsLetterOrDigit(window[i - 1])))
                .OrderByDescending(t => t.Length).FirstOrDefault();
            if (hit is null)
            {
                var length = System.Globalization.StringInfo.GetNextTextElementLength(window, i);
                output.Append(System.Net.WebUtility.HtmlEncode(window.Substring(i, length)));
                i += length;
                continue;
            }

            var stop = i + hit.Length;
            while (stop < window.Length && char.IsLetterOrDigit(window[stop])) stop++;
            output.Append("<mark>").Append(System.Net.WebUtility.HtmlEncode(window[i..stop])).Append("</mark>");
            i = stop;
        }

        if (end < text.Length) output.Append('…');
        return output.ToString();
    }

    /// <summary>The start of the text element that holds <paramref name="index"/>.</summary>
    private static int Boundary(int[] starts, int index)
    {
        var at = Array.BinarySearch(starts, index);
        return at >= 0 ? starts[at] : starts[Math.Max(0, ~at - 1)];
    }

    private sealed record Row(string Kind, Guid Id, Guid? ConversationId, Guid CustomerId, string Title, string Snippet, DateTime At);
}
