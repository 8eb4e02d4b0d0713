using Microsoft.EntityFrameworkCore;
using Rapport.Features.Search;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>
/// Ranked full-text search over articles (title, answer, structured fields, body), the way <see cref="SearchService"/>
/// searches messages: SQLite FTS5 (bm25, title weighted highest) or PostgreSQL tsvector + GIN (ts_rank over weights A–D).
/// Every word must match, as a prefix; when no article has them all, articles with any of them are ranked instead, so a
/// question typed in full ("can guests bring a dog") still finds the pet policy.
/// </summary>
public sealed class KnowledgeSearch(RapportDbContext db)
{
    public const int MaxResults = 50;

    /// <summary>Ids of matching articles, best first.</summary>
    public async Task<List<Guid>> RankAsync(IReadOnlyList<string> terms, bool customerOnly, bool includeArchived, int take, CancellationToken ct)
    {
        if (terms.Count == 0)
        {
            throw new InvalidInputException("q", "Give at least one word to search for.");
        }

        take = Math.Clamp(take, 1, MaxResults);
        var all = await QueryAsync(terms, every: true, customerOnly, includeArchived, take, ct);
        return all.Count > 0 || terms.Count == 1 ? all : await QueryAsync(terms, every: false, customerOnly, includeArchived, take, ct);
    }

    private Task<List<Guid>> QueryAsync(IReadOnlyList<string> terms, bool every, bool customerOnly, bool includeArchived, int take, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            var tsquery = string.Join(every ? " & " : " | ", terms.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}':*"));
            return db.Database.SqlQuery<Guid>($"""
                SELECT a."Id" AS "Value" FROM knowledge_articles a, to_tsquery('simple', {tsquery}) q
                WHERE a.search_vector @@ q AND ({includeArchived} OR a."ArchivedAt" IS NULL) AND (NOT {customerOnly} OR a."Audience" = 'Customer')
                ORDER BY ts_rank(a.search_vector, q) DESC, a."Title" LIMIT {take}
                """).ToListAsync(ct);
        }

        // Each word quoted (no FTS syntax from users) and prefix-matched. Weights follow the columns of knowledge_fts.
        var match = string.Join(every ? " " : " OR ", terms.Select(t => $"\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));
        return db.Database.SqlQuery<Guid>($"""
            SELECT a."Id" AS "Value" FROM knowledge_fts JOIN knowledge_articles a ON a.rowid = knowledge_fts.rowid
            WHERE knowledge_fts MATCH {match} AND ({includeArchived} OR a."ArchivedAt" IS NULL) AND (NOT {customerOnly} OR a."Audience" = 'Customer')
            ORDER BY bm25(knowledge_fts, 10.0, 4.0, 2.0, 2.0, 2.0, 2.0, 1.0), a."Title" LIMIT {take}
            """).ToListAsync(ct);
    }

    /// <summary>The query's words, as general search reads them.</summary>
    public static List<string> Terms(string query) => SearchService.Terms(query);

    /// <summary>A snippet from the first part of the article that mentions a word, the words marked.</summary>
    public static string Snippet(KnowledgeArticle a, IReadOnlyList<string> terms)
    {
        var list = terms.ToList();
        var parts = new[] { a.Answer, a.Includes, a.Limits, a.Alternatives, a.EstimatedTimes, a.Body };
        var text = parts.FirstOrDefault(p => p is not null && list.Any(t => p.Contains(t, StringComparison.OrdinalIgnoreCase))) ?? a.Answer;
        return SearchService.Highlight(text, list);
    }
}
