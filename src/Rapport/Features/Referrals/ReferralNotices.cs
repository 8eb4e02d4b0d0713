using Microsoft.EntityFrameworkCore;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>
/// The notifications a referral causes, added to the caller's unit of work: to the addressee (or every member of the
/// team but the referrer) when it is made, and back to the referrer when it is accepted or declined.
/// </summary>
public sealed class ReferralNotices(RapportDbContext db, Notifier notifier)
{
    public const string Kind = "referral";

    public async Task<IReadOnlyCollection<Guid>> ToReceiverAsync(Referral r, CancellationToken ct)
    {
        var receivers = r.ToUserId is { } user
            ? [user]
            : await db.TeamMembers.Where(m => m.TeamId == r.ToTeamId && m.UserId != r.FromUserId).Select(m => m.UserId).ToListAsync(ct);
        var what = await WhatAsync(r, ct);
        var to = r.ToTeamId is null ? "you" : r.ToName;
        return await AddAsync(receivers, $"{r.FromName} referred {what} to {to}: {r.Reason}", r, ct);
    }

    public async Task<IReadOnlyCollection<Guid>> ToReferrerAsync(Referral r, CancellationToken ct)
    {
        var what = await WhatAsync(r, ct);
        var text = r.Status == ReferralStatus.Declined
            ? $"{r.DecidedByName} declined {what}: {r.DecisionReason}"
            : $"{r.DecidedByName} accepted {what}";
        return await AddAsync([r.FromUserId], text, r, ct);
    }

    public void Published(IReadOnlyCollection<Guid> userIds) => notifier.Published(userIds);

    // The referral's own people may see it by its visibility rule, so the link to it needs no check here.
    private Task<IReadOnlyCollection<Guid>> AddAsync(IEnumerable<Guid> userIds, string text, Referral r, CancellationToken ct) =>
        notifier.TellAsync(new Notice(Kind, text, $"/referrals/{r.Id}", r.DecidedAt ?? r.CreatedAt), userIds, ct);

    private async Task<string> WhatAsync(Referral r, CancellationToken ct)
    {
        if (r.CaseId is { } caseId)
        {
            var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Number, x.Title }).FirstAsync(ct);
            return $"case {Cases.CaseNumbers.Format(c.Number)} {c.Title}";
        }

        var subject = await db.Conversations.AsNoTracking().Where(x => x.Id == r.ConversationId).Select(x => x.Subject).FirstAsync(ct);
        return $"the conversation \"{subject}\"";
    }
}
