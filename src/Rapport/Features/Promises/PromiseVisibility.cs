using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// A promise is seen by whoever may see what it was made on (its case and its conversation, by their own rules), and by
/// the colleague who owns it: a promise must not open a door its case or conversation keeps shut.
/// </summary>
public static class PromiseVisibility
{
    public static IQueryable<Promise> VisibleTo(this IQueryable<Promise> promises, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll
            ? promises
            : promises.Where(p => p.OwnerId == viewer.UserId
                || ((p.CaseId == null || db.Cases.VisibleTo(db, viewer).Any(c => c.Id == p.CaseId))
                    && (p.ConversationId == null || db.Conversations.VisibleTo(db, viewer).Any(c => c.Id == p.ConversationId))));

    public static Task<bool> CanSeePromiseAsync(this RapportDbContext db, Guid promiseId, Viewer viewer, CancellationToken ct) =>
        db.Set<Promise>().Where(p => p.Id == promiseId).VisibleTo(db, viewer).AnyAsync(ct);
}
