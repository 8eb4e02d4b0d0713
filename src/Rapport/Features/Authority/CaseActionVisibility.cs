using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

/// <summary>An action offered on a case (and its approval) is seen by whoever may see the case, and by who asked for it.</summary>
public static class CaseActionVisibility
{
    public static IQueryable<CaseAction> VisibleTo(this IQueryable<CaseAction> actions, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll
            ? actions
            : actions.Where(a => a.RequestedById == viewer.UserId || db.Cases.VisibleTo(db, viewer).Any(c => c.Id == a.CaseId));

    public static Task<bool> CanSeeCaseActionAsync(this RapportDbContext db, Guid actionId, Viewer viewer, CancellationToken ct) =>
        db.CaseActions.Where(a => a.Id == actionId).VisibleTo(db, viewer).AnyAsync(ct);
}
