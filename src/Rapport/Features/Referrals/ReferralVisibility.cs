using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>
/// A referral is seen by whoever may see its case or conversation, and by its own people: the referrer (who had to see the
/// work to refer it) and the addressee or the addressed team's members (a referral is how restricted work is handed on).
/// </summary>
public static class ReferralVisibility
{
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll
            ? referrals
            : referrals.Where(r => r.FromUserId == viewer.UserId || r.ToUserId == viewer.UserId
                || db.TeamMembers.Any(m => m.TeamId == r.ToTeamId && m.UserId == viewer.UserId)
                || (r.CaseId != null && db.Cases.VisibleTo(db, viewer).Any(c => c.Id == r.CaseId))
                || (r.ConversationId != null && db.Conversations.VisibleTo(db, viewer).Any(c => c.Id == r.ConversationId)));

    public static Task<bool> CanSeeReferralAsync(this RapportDbContext db, Guid referralId, Viewer viewer, CancellationToken ct) =>
        db.Referrals.Where(r => r.Id == referralId).VisibleTo(db, viewer).AnyAsync(ct);
}
