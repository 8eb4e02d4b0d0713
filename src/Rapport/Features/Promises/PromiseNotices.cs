using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// What each sweep step tells people, added to the caller's unit of work with the change to the promise: the owner
/// hears before and when it is due; the supervisors (those in the promise's team, or every supervisor when the team has
/// none or there is no team) when it is overdue and when it is broken.
/// </summary>
public sealed class PromiseNotices(RapportDbContext db, PromiseQueries queries, Notifier notifier)
{
    public async Task<IReadOnlyCollection<Guid>> WriteAsync(Promise p, PromiseStep step, TimeSpan brokenAfter, DateTime now, CancellationToken ct)
    {
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == p.OwnerId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == p.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        var asked = new List<Guid>();
        var told = new List<Guid>();
        async Task Tell(IEnumerable<Guid> users, string kind, string text)
        {
            // Told once each, and not at all about a case or conversation they may not see.
            var left = users.Except(asked).ToList();
            asked.AddRange(left);
            told.AddRange(await notifier.TellAsync(new Notice(kind, text, Link(p), now), left, ct));
        }

        switch (step)
        {
            case PromiseStep.Remind:
                p.MarkReminded(now);
                await Tell([p.OwnerId], "promise-due", $"Your promise to {customer} is due {p.DueAt:u}: {p.What}");
                break;
            case PromiseStep.Escalate:
                p.MarkEscalated(now);
                await Tell([p.OwnerId], "promise-overdue", $"Your promise to {customer} is overdue (due {p.DueAt:u}): {p.What}");
                await Tell(await SupervisorsAsync(p.TeamId, ct), "promise-overdue", $"{owner}'s promise to {customer} is overdue (due {p.DueAt:u}): {p.What}");
                await WebhookEvents.RaiseAsync(db, WebhookEvents.PromiseDue, [(await queries.DtosAsync([p], ct))[0]], now, ct);
                break;
            case PromiseStep.Break:
                p.Lapse(brokenAfter, now);
                await WriteBrokenAsync(p, now, ct);
                await Tell([p.OwnerId], "promise-broken", $"Your promise to {customer} was not kept: {p.What}");
                await Tell(await SupervisorsAsync(p.TeamId, ct), "promise-broken", $"{owner}'s promise to {customer} was not kept: {p.What}");
                break;
        }

        return told;
    }

    /// <summary>promise.broken, for a promise broken by the sweep or marked broken by someone.</summary>
    public async Task WriteBrokenAsync(Promise p, DateTime now, CancellationToken ct) =>
        await WebhookEvents.RaiseAsync(db, WebhookEvents.PromiseBroken, [(await queries.DtosAsync([p], ct))[0]], now, ct);

    private async Task<List<Guid>> SupervisorsAsync(Guid? teamId, CancellationToken ct)
    {
        var supervisors = db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Supervisor)).Select(ur => ur.UserId);
        if (teamId is { } team)
        {
            var inTeam = await supervisors.Where(u => db.TeamMembers.Any(m => m.TeamId == team && m.UserId == u)).ToListAsync(ct);
            if (inTeam.Count > 0)
            {
                return inTeam;
            }
        }

        return await supervisors.ToListAsync(ct);
    }

    private static string Link(Promise p) =>
        p.CaseId is { } c ? $"/cases/{c}" : p.ConversationId is { } v ? $"/conversations/{v}" : $"/customers/{p.CustomerId}";
}
