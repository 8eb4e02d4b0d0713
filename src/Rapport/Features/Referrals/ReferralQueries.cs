using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>Which referrals a list shows, seen from the signed-in user.</summary>
public enum ReferralView { All, ToMe, ToMyTeams, FromMe }

/// <summary>Filters of the referral list; null means any.</summary>
public sealed record ReferralFilter(ReferralView View = ReferralView.All, ReferralStatus? Status = null, Guid? CaseId = null,
    Guid? ConversationId = null);

/// <summary>Read side of referrals: lists, chains, and everything a receiver needs to decide.</summary>
public sealed class ReferralQueries(RapportDbContext db, CaseQueries cases, ConversationQueries conversations)
{
    public async Task<Page<ReferralDto>> ListAsync(ReferralFilter filter, Viewer viewer, int take, Cursor? after, CancellationToken ct)
    {
        var me = viewer.UserId;
        var query = db.Referrals.AsNoTracking().VisibleTo(db, viewer);
        var myTeams = db.TeamMembers.Where(m => m.UserId == me).Select(m => (Guid?)m.TeamId);
        query = filter.View switch
        {
            // "Referred to me": to me by name, or to a team I am in, by someone else.
            ReferralView.ToMe => query.Where(r => r.ToUserId == me || (myTeams.Contains(r.ToTeamId) && r.FromUserId != me)),
            ReferralView.ToMyTeams => query.Where(r => myTeams.Contains(r.ToTeamId)),
            ReferralView.FromMe => query.Where(r => r.FromUserId == me),
            _ => query,
        };
        if (filter.Status is { } s) query = query.Where(r => r.Status == s);
        if (filter.CaseId is { } c) query = query.Where(r => r.CaseId == c);
        if (filter.ConversationId is { } v) query = query.Where(r => r.ConversationId == v);
        if (after is not null && long.TryParse(after.Key, CultureInfo.InvariantCulture, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(r => r.CreatedAt < at || (r.CreatedAt == at && r.Id.CompareTo(after.Id) < 0));
        }

        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture), rows[take - 1].Id).Encode()
            : null;
        return new Page<ReferralDto>(rows.Take(take).Select(r => r.ToDto()).ToList(), next);
    }

    /// <summary>
    /// The referrals of a case or conversation, oldest first: A → refunds team → B, with reasons and outcomes. Null when
    /// <paramref name="viewer"/> may not see the case or conversation.
    /// </summary>
    public async Task<IReadOnlyList<ReferralDto>?> ChainAsync(Guid? caseId, Guid? conversationId, Viewer viewer, CancellationToken ct)
    {
        var visible = caseId is { } k ? await db.CanSeeCaseAsync(k, viewer, ct) : await db.CanSeeConversationAsync(conversationId!.Value, viewer, ct);
        return visible ? await ChainOfAsync(caseId, conversationId, ct) : null;
    }

    private async Task<IReadOnlyList<ReferralDto>> ChainOfAsync(Guid? caseId, Guid? conversationId, CancellationToken ct)
    {
        var query = db.Referrals.AsNoTracking();
        query = caseId is { } c ? query.Where(r => r.CaseId == c) : query.Where(r => r.ConversationId == conversationId);
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        return rows.Select(r => r.ToDto()).ToList();
    }

    /// <summary>
    /// The referral with its context. The conversation is shown to whoever may see it, and always to the referral's own
    /// people (the referrer, the addressee, the addressed team's members): a referral is how restricted work is handed on.
    /// </summary>
    public async Task<ReferralDetailDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var r = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        var chain = await ChainOfAsync(r.CaseId, r.ConversationId, ct);
        var involved = r.FromUserId == viewer.UserId || r.ToUserId == viewer.UserId
            || (r.ToTeamId is { } team && (await MyTeamIdsAsync(viewer.UserId, ct)).Contains(team));
        var seenAs = involved ? viewer with { SeesAll = true } : viewer;
        var theCase = r.CaseId is { } caseId ? await cases.GetAsync(caseId, seenAs, ct) : null;
        var conversation = r.ConversationId is { } conversationId ? await conversations.GetAsync(conversationId, seenAs, ct) : null;
        return new ReferralDetailDto(r.ToDto(), chain, theCase, conversation);
    }

    /// <summary>The colleagues and teams one can refer to (not oneself), teams first.</summary>
    public async Task<IReadOnlyList<ReferralTarget>> TargetsAsync(Guid me, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new ReferralTarget(null, t.Id, t.Name)).ToListAsync(ct);
        // Auditors only read and systems are not people: neither can take work on.
        var cannotTakeWork = db.UserRoles.Join(db.Roles, ur => ur.RoleId, role => role.Id, (ur, role) => new { ur.UserId, role.Name })
            .Where(x => x.Name == Roles.Auditor || x.Name == Roles.Integration).Select(x => x.UserId);
        var staff = await db.Users.AsNoTracking().Where(u => u.Id != me && !cannotTakeWork.Contains(u.Id)).OrderBy(u => u.DisplayName)
            .Select(u => new ReferralTarget(u.Id, null, u.DisplayName)).ToListAsync(ct);
        return [.. teams, .. staff];
    }

    public async Task<IReadOnlySet<Guid>> MyTeamIdsAsync(Guid me, CancellationToken ct) =>
        (await db.TeamMembers.AsNoTracking().Where(m => m.UserId == me).Select(m => m.TeamId).ToListAsync(ct)).ToHashSet();

    /// <summary>Whether a referral can tell the customer: a conversation has a channel; a case needs a linked conversation.</summary>
    public Task<bool> CanTellCustomerAsync(Guid? caseId, CancellationToken ct) =>
        caseId is { } c ? db.CaseConversations.AnyAsync(l => l.CaseId == c, ct) : Task.FromResult(true);
}
