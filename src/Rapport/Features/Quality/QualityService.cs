using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Quality;

/// <summary>Scorecards, reviews, comments and acknowledgements (C26). Sampling and calibration have their own classes.</summary>
public sealed class QualityService(RapportDbContext db, TimeProvider time)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The scorecard reviews use when they name none; the one built from the standards is saved the first time it is needed.</summary>
    public async Task<Scorecard> DefaultScorecardAsync(CancellationToken ct)
    {
        var found = await db.Set<Scorecard>().Include(s => s.Items).Where(s => s.IsDefault).OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (found is not null)
        {
            return found;
        }

        var made = Scorecard.FromStandards(Now);
        db.Add(made);
        await db.SaveChangesAsync(ct);
        return made;
    }

    public async Task<IReadOnlyList<ScorecardDto>> ListScorecardsAsync(CancellationToken ct)
    {
        await DefaultScorecardAsync(ct);
        var cards = await db.Set<Scorecard>().AsNoTracking().Include(s => s.Items).OrderBy(s => s.Id).ToListAsync(ct);
        return cards.Select(ToDto).ToList();
    }

    public async Task<ScorecardDto> CreateScorecardAsync(ScorecardRequest request, CancellationToken ct)
    {
        var card = new Scorecard();
        card.Set(request.Name, request.IsDefault, request.Items, Now);
        await ClearOtherDefaultsAsync(card, ct);
        db.Add(card);
        await db.SaveChangesAsync(ct);
        return ToDto(card);
    }

    public async Task<ScorecardDto?> UpdateScorecardAsync(Guid id, ScorecardRequest request, CancellationToken ct)
    {
        var card = await db.Set<Scorecard>().Include(s => s.Items).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (card is null)
        {
            return null;
        }

        db.RemoveRange(card.Items);
        card.Set(request.Name, request.IsDefault, request.Items, Now);
        db.AddRange(card.Items);
        await ClearOtherDefaultsAsync(card, ct);
        await db.SaveChangesAsync(ct);
        return ToDto(card);
    }

    private async Task ClearOtherDefaultsAsync(Scorecard card, CancellationToken ct)
    {
        if (!card.IsDefault)
        {
            return;
        }

        foreach (var other in await db.Set<Scorecard>().Where(s => s.IsDefault && s.Id != card.Id).ToListAsync(ct))
        {
            other.ClearDefault();
        }
    }

    internal async Task<Scorecard> ScorecardAsync(Guid? id, CancellationToken ct) =>
        id is { } given
            ? await db.Set<Scorecard>().Include(s => s.Items).FirstOrDefaultAsync(s => s.Id == given, ct)
                ?? throw new InvalidInputException("scorecardId", "No scorecard has this id.")
            : await DefaultScorecardAsync(ct);

    /// <summary>Checks the interaction: a conversation the reviewer may see, a case it is linked to (if named), and a member of staff.</summary>
    internal async Task<ReviewSubject> SubjectAsync(Guid? conversationId, Guid? caseId, Guid? agentId, Viewer viewer, CancellationToken ct)
    {
        if (conversationId is not { } conversation || !await db.CanSeeConversationAsync(conversation, viewer, ct))
        {
            throw new InvalidInputException("conversationId", "Name a conversation you can see.");
        }

        if (agentId is not { } agent || !await db.Users.AnyAsync(u => u.Id == agent, ct))
        {
            throw new InvalidInputException("agentId", "Name the member of staff whose work is reviewed.");
        }

        var isComplaint = false;
        if (caseId is { } k)
        {
            var kind = await db.Cases.VisibleTo(db, viewer).Where(c => c.Id == k && db.CaseConversations.Any(l => l.CaseId == k && l.ConversationId == conversation))
                .Select(c => c.Kind).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("caseId", "Name a case this conversation is linked to.");
            isComplaint = kind == CaseKinds.Complaint;
        }

        return new ReviewSubject(conversation, caseId, agent, isComplaint);
    }

    public async Task<ReviewDto> SubmitAsync(ReviewRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        var subject = await SubjectAsync(request.ConversationId, request.CaseId, request.AgentId, viewer, ct);
        if (subject.AgentId == viewer.UserId)
        {
            throw new InvalidInputException("agentId", "Reviewing your own work is not a review; ask a colleague.");
        }

        var card = await ScorecardAsync(request.ScorecardId, ct);
        DateTime? week = null;
        if (request.SampledWeek is { } w)
        {
            week = (w.DayOfWeek == DayOfWeek.Monday ? w : throw new InvalidInputException("sampledWeek", "A week is given by its Monday (yyyy-mm-dd)."))
                .ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        var review = Review.Submit(card, subject, viewer.UserId, NameOf(user), week is null ? ReviewOrigin.Chosen : ReviewOrigin.Sampled, week, null,
            request.Scores, request.Summary, Now);
        db.Add(review);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(review.Id, viewer, ct))!;
    }

    public async Task<ReviewDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var review = await db.Set<Review>().AsNoTracking().Include(r => r.Scores).VisibleTo(db, viewer).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return null;
        }

        var subject = await db.Conversations.Where(c => c.Id == review.ConversationId).Select(c => c.Subject).FirstOrDefaultAsync(ct);
        var agent = await db.Users.Where(u => u.Id == review.AgentId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var comments = await db.Set<ReviewComment>().AsNoTracking().Where(c => c.ReviewId == id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new ReviewCommentDto(c.Id, c.AuthorId, c.AuthorName, c.Text, c.At)).ToListAsync(ct);
        return new ReviewDto(review.Id, review.ScorecardId, review.ConversationId, subject, review.CaseId, review.AgentId, agent, review.ReviewerId,
            review.ReviewerName, review.Origin, review.SampledWeek is { } w ? DateOnly.FromDateTime(w) : null, review.CalibrationId, review.SubmittedAt,
            review.Score, review.Summary, review.AcknowledgedAt, Items(review), comments);
    }

    /// <summary>Reviews the caller may read, newest first: an agent's own; supervisors' choice of agent (all when agentId is left out).</summary>
    public async Task<ReviewListDto> ListAsync(Guid? agentId, DateTime? from, DateTime? to, int limit, Viewer viewer, CancellationToken ct)
    {
        var q = db.Set<Review>().AsNoTracking().VisibleTo(db, viewer);
        if (agentId is { } a)
        {
            q = q.Where(r => r.AgentId == a);
        }

        if (from is { } f)
        {
            q = q.Where(r => r.SubmittedAt >= f);
        }

        if (to is { } t)
        {
            q = q.Where(r => r.SubmittedAt < t);
        }

        var rows = await q.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(limit)
            .Select(r => new
            {
                r.Id,
                r.ConversationId,
                Subject = db.Conversations.Where(c => c.Id == r.ConversationId).Select(c => c.Subject).FirstOrDefault(),
                r.AgentId,
                Agent = db.Users.Where(u => u.Id == r.AgentId).Select(u => u.DisplayName).FirstOrDefault(),
                r.ReviewerName,
                r.Origin,
                r.SubmittedAt,
                r.Score,
                r.AcknowledgedAt,
            }).ToListAsync(ct);
        return new ReviewListDto(rows.Select(r => new ReviewSummaryDto(r.Id, r.ConversationId, r.Subject, r.AgentId, r.Agent ?? "", r.ReviewerName, r.Origin,
            r.SubmittedAt, r.Score, r.AcknowledgedAt)).ToList());
    }

    /// <summary>The agent (or a supervisor) comments on a review the caller can read.</summary>
    public async Task<ReviewDto?> CommentAsync(Guid id, CommentRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        if (!await db.CanSeeReviewAsync(id, viewer, ct))
        {
            return null;
        }

        var text = Review.Text(request.Text, "text") ?? throw new InvalidInputException("text", "Write the comment.");
        db.Add(new ReviewComment { ReviewId = id, AuthorId = viewer.UserId, AuthorName = NameOf(user), Text = text, At = Now });
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, viewer, ct);
    }

    /// <summary>The reviewed agent says they have read the review (once; audited like every change of a review).</summary>
    public async Task<ReviewDto?> AcknowledgeAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var viewer = Viewer.Of(user);
        var review = await db.Set<Review>().VisibleTo(db, viewer).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null)
        {
            return null;
        }

        review.Acknowledge(viewer.UserId, Now);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, viewer, ct);
    }

    internal static IReadOnlyList<ReviewItemDto> Items(Review review) =>
        review.Scores.OrderBy(s => s.Position).Select(s => new ReviewItemDto(s.Key, s.Label, s.Weight, s.Rating, s.Comment)).ToList();

    internal static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";

    private static ScorecardDto ToDto(Scorecard s) => new(s.Id, s.Name, s.IsDefault, s.UpdatedAt,
        s.Items.OrderBy(i => i.Position).Select(i => new ScorecardItemDto(i.Key, i.Label, i.Weight, i.ComplaintsOnly)).ToList());
}
