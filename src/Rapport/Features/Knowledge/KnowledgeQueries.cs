using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>What to list: a search (q, ranked), the articles linked to a case, or all by title; filtered by audience.</summary>
public sealed record ArticleFilter(string? Query = null, KnowledgeAudience? Audience = null, Guid? CaseId = null, bool IncludeArchived = false);

/// <summary>Reads of the knowledge base. Every staff member reads every article; a case's links only for a case they may see.</summary>
public sealed class KnowledgeQueries(RapportDbContext db, KnowledgeSearch search, TimeProvider time)
{
    public const int MaxList = 200;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Null when <see cref="ArticleFilter.CaseId"/> names a case the viewer may not see (or none).</summary>
    public async Task<IReadOnlyList<ArticleHit>?> ListAsync(ArticleFilter filter, Viewer viewer, int take, CancellationToken ct)
    {
        if (filter.CaseId is { } caseId && !await db.CanSeeCaseAsync(caseId, viewer, ct))
        {
            return null;
        }

        var terms = string.IsNullOrWhiteSpace(filter.Query) ? [] : KnowledgeSearch.Terms(filter.Query);
        if (terms.Count == 0 && !string.IsNullOrWhiteSpace(filter.Query))
        {
            throw new Rapport.Infrastructure.Api.InvalidInputException("q", "Give at least one word to search for.");
        }

        List<Guid>? ranked = null;
        var articles = db.Set<KnowledgeArticle>().AsNoTracking();
        if (terms.Count > 0)
        {
            ranked = await search.RankAsync(terms, filter.Audience == KnowledgeAudience.Customer, filter.IncludeArchived, Math.Min(take, KnowledgeSearch.MaxResults), ct);
            articles = articles.Where(a => ranked.Contains(a.Id));
        }
        else if (!filter.IncludeArchived)
        {
            articles = articles.Where(a => a.ArchivedAt == null);
        }

        if (filter.Audience is { } audience)
        {
            articles = articles.Where(a => a.Audience == audience);
        }

        if (filter.CaseId is { } linkedTo)
        {
            articles = articles.Where(a => db.Set<KnowledgeCaseLink>().Any(l => l.ArticleId == a.Id && l.CaseId == linkedTo));
        }

        var rows = await Rows(ranked is null ? articles.OrderBy(a => a.Title).Take(take) : articles).ToListAsync(ct);
        var ordered = ranked is null ? rows : rows.OrderBy(r => ranked.IndexOf(r.Article.Id)).ToList();
        return ordered.Select(r => Hit(r, terms)).ToList();
    }

    public async Task<ArticleDto?> GetAsync(Guid id, CancellationToken ct) =>
        await Rows(db.Set<KnowledgeArticle>().AsNoTracking().Where(a => a.Id == id)).FirstOrDefaultAsync(ct) is { } row ? Dto(row) : null;

    public Task<Guid> VersionAsync(Guid id, CancellationToken ct) =>
        db.Set<KnowledgeArticle>().Where(a => a.Id == id).Select(a => a.Version).FirstOrDefaultAsync(ct);

    /// <summary>The article's revisions, newest first; null when there is no such article.</summary>
    public async Task<IReadOnlyList<RevisionDto>?> HistoryAsync(Guid id, CancellationToken ct)
    {
        if (!await db.Set<KnowledgeArticle>().AnyAsync(a => a.Id == id, ct))
        {
            return null;
        }

        var revisions = await db.Set<KnowledgeRevision>().AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Number).ToListAsync(ct);
        return revisions.Select(r => new RevisionDto(r.Number, r.At, r.ById, r.ByName, r.Reason, r.Changes.Split(',', StringSplitOptions.RemoveEmptyEntries),
            r.Title, r.Answer, r.Body, r.Includes, r.Limits, r.Alternatives, r.EstimatedTimes, r.Audience, r.OwnerId, DateOnly.FromDateTime(r.ReviewBy),
            r.Archived)).ToList();
    }

    /// <summary>Articles past their review date, most overdue first: the owner's own, or everyone's when <paramref name="ownerId"/> is null.</summary>
    public async Task<IReadOnlyList<OverdueReviewDto>> OverdueAsync(Guid? ownerId, CancellationToken ct)
    {
        var today = Now.Date;
        var overdue = db.Set<KnowledgeArticle>().AsNoTracking().Where(a => a.ArchivedAt == null && a.ReviewBy < today);
        if (ownerId is { } owner)
        {
            overdue = overdue.Where(a => a.OwnerId == owner);
        }

        var rows = await overdue.OrderBy(a => a.ReviewBy).ThenBy(a => a.Title).Take(MaxList)
            .Select(a => new { a.Id, a.Title, a.OwnerId, OwnerName = db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.DisplayName).FirstOrDefault(), a.ReviewBy })
            .ToListAsync(ct);
        return rows.Select(r => new OverdueReviewDto(r.Id, r.Title, r.OwnerId, r.OwnerName ?? "", DateOnly.FromDateTime(r.ReviewBy), (int)(today - r.ReviewBy).TotalDays))
            .ToList();
    }

    /// <summary>The articles linked to a case, newest link first; null when the viewer may not see the case.</summary>
    public async Task<IReadOnlyList<CaseArticleDto>?> ForCaseAsync(Guid caseId, Viewer viewer, CancellationToken ct)
    {
        if (!await db.CanSeeCaseAsync(caseId, viewer, ct))
        {
            return null;
        }

        var today = Now.Date;
        return await db.Set<KnowledgeCaseLink>().AsNoTracking().Where(l => l.CaseId == caseId)
            .Join(db.Set<KnowledgeArticle>(), l => l.ArticleId, a => a.Id, (l, a) => new { l, a })
            .OrderByDescending(x => x.l.LinkedAt)
            .Select(x => new CaseArticleDto(x.a.Id, x.a.Title, x.a.Audience, x.a.ArchivedAt == null && x.a.ReviewBy < today, x.l.Kind, x.l.LinkedAt, x.l.LinkedByName))
            .ToListAsync(ct);
    }

    /// <summary>Who can own an article: agents, supervisors and administrators, by name.</summary>
    public async Task<IReadOnlyList<ArticleOwner>> OwnersAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId
                && (r.Name == Roles.Agent || r.Name == Roles.Supervisor || r.Name == Roles.Administrator))))
            .OrderBy(u => u.DisplayName).Select(u => new ArticleOwner(u.Id, u.DisplayName)).ToListAsync(ct);

    private sealed record Row(KnowledgeArticle Article, string? OwnerName, int Links);

    private IQueryable<Row> Rows(IQueryable<KnowledgeArticle> articles) => articles.Select(a => new Row(a,
        db.Users.Where(u => u.Id == a.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
        db.Set<KnowledgeCaseLink>().Count(l => l.ArticleId == a.Id)));

    private ArticleHit Hit(Row r, IReadOnlyList<string> terms)
    {
        var a = r.Article;
        return new ArticleHit(a.Id, a.Title, a.Answer, terms.Count > 0 ? KnowledgeSearch.Snippet(a, terms) : System.Net.WebUtility.HtmlEncode(Shorten(a.Answer)),
            a.Audience, r.OwnerName ?? "", DateOnly.FromDateTime(a.ReviewBy), Overdue(a), a.ArchivedAt is not null, new ArticleUse(a.InsertCount, r.Links));
    }

    private ArticleDto Dto(Row r)
    {
        var a = r.Article;
        return new ArticleDto(a.Id, a.Title, a.Answer, a.Body, KnowledgeMarkdown.ToSafeHtml(a.Body), a.Includes, a.Limits, a.Alternatives, a.EstimatedTimes,
            a.Audience, a.OwnerId, r.OwnerName ?? "", DateOnly.FromDateTime(a.ReviewBy), Overdue(a), a.ArchivedAt is not null, a.Revision, a.CreatedAt,
            a.UpdatedAt, new ArticleUse(a.InsertCount, r.Links));
    }

    /// <summary>Archived articles are out of use, so their review no longer matters.</summary>
    private bool Overdue(KnowledgeArticle a) => a.ArchivedAt is null && a.ReviewOverdue(Now);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
