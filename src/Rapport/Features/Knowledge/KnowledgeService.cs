using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>Thrown when someone who is neither the article's owner nor a supervisor or administrator changes it (403).</summary>
public sealed class NotYourArticleException() : Exception("Only the article's owner, a supervisor or an administrator may change it.");

/// <summary>Writes to the knowledge base: articles with their revisions, links to cases, and answers inserted into replies.</summary>
public sealed class KnowledgeService(RapportDbContext db, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Supervisors and administrators change any article; anyone else only the ones they own.</summary>
    public static bool MayEdit(ClaimsPrincipal user, Guid ownerId) =>
        user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Administrator) || ownerId == user.UserId();

    public async Task<KnowledgeArticle> CreateAsync(CreateArticleRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var content = KnowledgeContent.Checked(request.Title, request.Answer, request.Body, request.Includes, request.Limits, request.Alternatives,
            request.EstimatedTimes, request.Audience);
        var owner = await OwnerAsync(request.OwnerId ?? user.UserId(), ct);
        var reviewBy = request.ReviewBy ?? DateOnly.FromDateTime(Now).AddMonths(6);
        var (article, revision) = KnowledgeArticle.Create(content, owner, reviewBy, user.UserId(), NameOf(user), null, Now);
        db.Add(article);
        db.Add(revision);
        await db.SaveChangesAsync(ct);
        return article;
    }

    /// <summary>Null when there is no such article. A stale If-Match is a concurrency failure (412).</summary>
    public async Task<KnowledgeArticle?> UpdateAsync(Guid id, UpdateArticleRequest request, Guid? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await LoadAsync(id, ifMatch, user, ct) is not { } article)
        {
            return null;
        }

        var content = KnowledgeContent.Checked(request.Title, request.Answer, request.Body, request.Includes, request.Limits, request.Alternatives,
            request.EstimatedTimes, request.Audience);
        var owner = await OwnerAsync(request.OwnerId ?? article.OwnerId, ct);
        var reviewBy = request.ReviewBy ?? throw new InvalidInputException("reviewBy", "Give the date the owner reviews the article by.");
        if (article.Update(content, owner, reviewBy, user.UserId(), NameOf(user), request.Reason, Now) is { } revision)
        {
            db.Add(revision);
            await db.SaveChangesAsync(ct);
        }

        return article;
    }

    public async Task<KnowledgeArticle?> ArchiveAsync(Guid id, string? reason, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await LoadAsync(id, null, user, ct) is not { } article)
        {
            return null;
        }

        db.Add(article.Archive(user.UserId(), NameOf(user), reason, Now));
        await db.SaveChangesAsync(ct);
        return article;
    }

    /// <summary>Links the article to a case the viewer may see (400 naming caseId otherwise); linking twice keeps the first link.</summary>
    public async Task<bool> LinkAsync(Guid id, Guid? caseId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Set<KnowledgeArticle>().AnyAsync(a => a.Id == id, ct))
        {
            return false;
        }

        if (caseId is not { } target || !await db.CanSeeCaseAsync(target, Viewer.Of(user), ct))
        {
            throw new InvalidInputException("caseId", "No case you can see has this id.");
        }

        await AddLinkAsync(id, target, KnowledgeLinkKind.Linked, user, ct);
        return true;
    }

    /// <summary>
    /// The answer to insert into a reply, counted as a use. On a conversation with a case, the article is linked to that
    /// case. Internal articles are never inserted: their text is not for customers (400 naming audience).
    /// </summary>
    public async Task<InsertedAnswerDto?> InsertAsync(Guid id, Guid? conversationId, ClaimsPrincipal user, CancellationToken ct)
    {
        var article = await db.Set<KnowledgeArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return null;
        }

        if (article.Audience != KnowledgeAudience.Customer)
        {
            throw new InvalidInputException("audience", "This article is internal: read it, but do not send its text to a customer.");
        }

        if (article.ArchivedAt is not null)
        {
            throw new InvalidInputException("id", "This article is archived and no longer used.");
        }

        Guid? caseId = null;
        if (conversationId is { } conversation)
        {
            var viewer = Viewer.Of(user);
            if (!await db.CanSeeConversationAsync(conversation, viewer, ct))
            {
                throw new InvalidInputException("conversationId", "No conversation you can see has this id.");
            }

            caseId = await db.CaseConversations.Where(l => l.ConversationId == conversation).Select(l => (Guid?)l.CaseId).FirstOrDefaultAsync(ct);
            if (caseId is { } found && !await db.CanSeeCaseAsync(found, viewer, ct))
            {
                caseId = null;
            }
        }

        // Counted in the database, so two agents inserting at once both count.
        await db.Set<KnowledgeArticle>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.InsertCount, a => a.InsertCount + 1), ct);
        if (caseId is { } linked)
        {
            await AddLinkAsync(id, linked, KnowledgeLinkKind.Inserted, user, ct);
        }

        return new InsertedAnswerDto(id, article.Answer, article.ReviewOverdue(Now), DateOnly.FromDateTime(article.ReviewBy), caseId);
    }

    private async Task AddLinkAsync(Guid articleId, Guid caseId, KnowledgeLinkKind kind, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await db.Set<KnowledgeCaseLink>().AnyAsync(l => l.ArticleId == articleId && l.CaseId == caseId, ct))
        {
            return;
        }

        db.Add(new KnowledgeCaseLink { ArticleId = articleId, CaseId = caseId, Kind = kind, LinkedAt = Now, LinkedById = user.UserId(), LinkedByName = NameOf(user) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone linked it at the same moment: the link exists, which is all that was asked.
            if (!await StillLinkedAsync(articleId, caseId, ct))
            {
                throw;
            }
        }
    }

    private async Task<bool> StillLinkedAsync(Guid articleId, Guid caseId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<KnowledgeCaseLink>().AnyAsync(l => l.ArticleId == articleId && l.CaseId == caseId, ct);
    }

    private async Task<KnowledgeArticle?> LoadAsync(Guid id, Guid? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var article = await db.Set<KnowledgeArticle>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return null;
        }

        if (!MayEdit(user, article.OwnerId))
        {
            throw new NotYourArticleException();
        }

        if (ifMatch is { } expected && expected != article.Version)
        {
            throw new DbUpdateConcurrencyException("If-Match does not match the current version.");
        }

        return article;
    }

    /// <summary>An owner is a person who works cases (agent, supervisor or administrator): someone who can keep the article true.</summary>
    private async Task<Guid> OwnerAsync(Guid ownerId, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(ur => ur.UserId == ownerId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        return roles.Any(r => r is Roles.Agent or Roles.Supervisor or Roles.Administrator)
            ? ownerId
            : throw new InvalidInputException("ownerId", "The owner must be an agent, supervisor or administrator.");
    }

    private static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? user.Identity?.Name ?? "staff";
}
