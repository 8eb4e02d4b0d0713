using Microsoft.EntityFrameworkCore;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

/// <summary>
/// The notifications a referral causes, added to the caller's unit of work: to the addressee (or every member of the
/// team but the referrer) when it is made, and back to the referrer when it is accepted or declined.
/// </summary>
public sealed class ReferralNotices(RapportDbContext db, NotificationEvents events)
{
    public const string Kind = "referral";

    public async Task<IReadOnlyCollection<Guid>> ToReceiverAsync(Referral r, CancellationToken ct)
    {
        var receivers = r.ToUserId is { } user
            ? [user]
            : await db.TeamMembers.Where(m => m.TeamId == r.ToTeamId && m.UserId != r.FromUserId).Select(m => m.UserId).ToListAsync(ct);
        var what = await WhatAsync(r, ct);
        var to = r.ToTeamId is null ? "you" : r.ToName;
        return Add(receivers, $"{r.FromName} referred {what} to {to}: {r.Reason}", r);
    }

    public async Task<IReadOnlyCollection<Guid>> ToReferrerAsync(Referral r, CancellationToken ct)
    {
        var what = await WhatAsync(r, ct);
        var text = r.Status == ReferralStatus.Declined
            ? $"{r.DecidedByName} declined {what}: {r.DecisionReason}"
            : $"{r.DecidedByName} accepted {what}";
        return Add([r.FromUserId], text, r);
    }

    public void Published(IReadOnlyCollection<Guid> userIds) => events.Published(userIds);

    private List<Guid> Add(List<Guid> userIds, string text, Referral r)
    {
        foreach (var userId in userIds)
        {
            db.Notifications.Add(new Notification
            {
                UserId = userId,
                Kind = Kind,
                Text = text.Length <= Notification.TextMaxLength ? text : text[..(Notification.TextMaxLength - 1)] + "…",
                Link = $"/referrals/{r.Id}",
                CreatedAt = r.DecidedAt ?? r.CreatedAt,
            });
        }

        return userIds;
    }

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
