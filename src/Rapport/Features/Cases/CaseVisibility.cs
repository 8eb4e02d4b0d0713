using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>
/// The one rule for which cases (and so their notes, actions, targets and promises) a member of staff may see, the
/// same as for conversations: supervisors, administrators and auditors see all; anyone else sees every case except those
/// routed to a <em>restricted</em> team they are not a member of (unless they own it). A visible case lists only the
/// linked conversations its viewer may see.
/// </summary>
public static class CaseVisibility
{
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll
            ? cases
            : cases.Where(c => c.TeamId == null || c.OwnerId == viewer.UserId
                || !db.Teams.Any(t => t.Id == c.TeamId && t.Restricted)
                || db.TeamMembers.Any(m => m.TeamId == c.TeamId && m.UserId == viewer.UserId));

    public static Task<bool> CanSeeCaseAsync(this RapportDbContext db, Guid caseId, Viewer viewer, CancellationToken ct) =>
        db.Cases.Where(c => c.Id == caseId).VisibleTo(db, viewer).AnyAsync(ct);
}
