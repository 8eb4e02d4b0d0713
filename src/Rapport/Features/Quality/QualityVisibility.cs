using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Quality;

/// <summary>
/// Who may read a review: the agent it is about and the roles that see all (supervisors, administrators, auditors) —
/// and only while they may see the reviewed conversation (a restricted team's conversation hides its reviews too). A
/// calibration review is read by its own reviewer only; the others reach it through the session, once they have scored.
/// </summary>
public static class QualityVisibility
{
    public static IQueryable<Review> VisibleTo(this IQueryable<Review> reviews, RapportDbContext db, Viewer viewer) =>
        reviews.Where(r => r.CalibrationId == null ? viewer.SeesAll || r.AgentId == viewer.UserId : r.ReviewerId == viewer.UserId)
            .Where(r => db.Conversations.VisibleTo(db, viewer).Any(c => c.Id == r.ConversationId));

    public static Task<bool> CanSeeReviewAsync(this RapportDbContext db, Guid reviewId, Viewer viewer, CancellationToken ct) =>
        db.Set<Review>().Where(r => r.Id == reviewId).VisibleTo(db, viewer).AnyAsync(ct);

    /// <summary>A calibration session is the reviewers' (supervisors and administrators) and follows its conversation's rule.</summary>
    public static Task<bool> CanSeeCalibrationAsync(this RapportDbContext db, Guid calibrationId, Viewer viewer, CancellationToken ct) =>
        db.Set<CalibrationSession>().Where(c => c.Id == calibrationId)
            .Where(c => db.Conversations.VisibleTo(db, viewer).Any(x => x.Id == c.ConversationId)).AnyAsync(ct);
}
