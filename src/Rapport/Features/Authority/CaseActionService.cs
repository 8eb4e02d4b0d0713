using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Features.Webhooks;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

/// <summary>
/// Actions offered to customers on cases, and their approval (C15). Nothing beyond the requester's limit is done until
/// someone else whose limit covers it approves: this is the only place an action becomes completed.
/// </summary>
public sealed class CaseActionService(RapportDbContext db, TimeProvider time, AuthorityLimitService limits, CaseQueries cases,
    Notifier notifier, AuthorityEvents events)
{
    /// <summary>The kind of notification an approval request or decision makes.</summary>
    public const string Kind = "approval";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<CaseActionDto>> ForCaseAsync(Guid caseId, CancellationToken ct) =>
        (await db.CaseActions.AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(ct))
            .OrderByDescending(a => a.RequestedAt).ThenByDescending(a => a.Id).Select(a => a.ToDto()).ToList();

    /// <summary>Requests an action on a case as <paramref name="requesterId"/>; null when the case does not exist.</summary>
    public async Task<CaseAction?> RequestAsync(Guid caseId, RequestCaseActionRequest request, Guid requesterId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Id, x.Number, x.Title }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        var now = Now;
        var requester = await limits.StaffAsync(requesterId, ct);
        var action = CaseAction.Request(caseId, request.Type, request.Amount, request.Currency, request.Description, request.Reason,
            requester.Id, requester.Name, now);
        db.CaseActions.Add(action);
        var all = await limits.AllLimitsAsync(ct);
        var notified = new List<Guid>();
        if (LimitCheck.Covers(all, requester.Id, requester.Roles, action.Type, action.Amount, action.Currency))
        {
            action.CompleteWithinLimit(now);
            RecordOutcome(action, requester.Id, requester.Name, now);
            await AuthorityWebhooks.RaiseAsync(db, WebhookEvents.CaseActionCompleted, action, now, ct);
        }
        else
        {
            var reference = CaseNumbers.Format(c.Number);
            var approvers = (await limits.CaseWorkersAsync(ct))
                .Where(s => s.Id != requester.Id && LimitCheck.Covers(all, s.Id, s.Roles, action.Type, action.Amount, action.Currency)).Select(s => s.Id);
            // Not told when they may not see the case: the approvals list would not show it to them either.
            notified.AddRange(await notifier.TellAsync(new Notice(Kind, $"{requester.Name} asks you to approve a {action.WhatInSentence} on {reference} {c.Title}",
                "/approvals", now, About: $"/cases/{caseId}"), approvers, ct));

            await AuthorityWebhooks.RaiseAsync(db, WebhookEvents.ApprovalRequested, action, now, ct);
        }

        await db.SaveChangesAsync(ct);
        notifier.Published(notified);
        events.Changed(caseId);
        return action;
    }

    /// <summary>Pending actions <paramref name="viewer"/> may decide: on cases they may see, not their own, and within their limit.</summary>
    public async Task<IReadOnlyList<ApprovalDto>> PendingForAsync(Viewer viewer, CancellationToken ct)
    {
        var userId = viewer.UserId;
        var me = await limits.StaffAsync(userId, ct);
        var mine = await limits.LimitsOfAsync(me, ct);
        var pending = (await db.CaseActions.AsNoTracking().Where(a => a.Status == CaseActionStatus.Pending).VisibleTo(db, viewer).ToListAsync(ct))
            .Where(a => a.RequestedById != userId && LimitCheck.Covers(mine, userId, me.Roles, a.Type, a.Amount, a.Currency))
            .OrderBy(a => a.RequestedAt).ThenBy(a => a.Id).ToList();
        var summaries = (await cases.SummariesAsync(pending.Select(a => a.CaseId).Distinct().ToList(), ct)).ToDictionary(s => s.Id);
        return pending.Where(a => summaries.ContainsKey(a.CaseId)).Select(a => new ApprovalDto(a.ToDto(), summaries[a.CaseId])).ToList();
    }

    public Task<CaseAction?> ApproveAsync(Guid actionId, string? note, Guid deciderId, CancellationToken ct) =>
        DecideAsync(actionId, deciderId, (action, who, now) =>
        {
            action.Approve(who.Id, who.Name, note, now);
            RecordOutcome(action, who.Id, who.Name, now);
            return [WebhookEvents.ApprovalApproved, WebhookEvents.CaseActionCompleted];
        }, "approved", ct);

    public Task<CaseAction?> RejectAsync(Guid actionId, string? reason, Guid deciderId, CancellationToken ct) =>
        DecideAsync(actionId, deciderId, (action, who, now) =>
        {
            action.Reject(who.Id, who.Name, reason, now);
            return [WebhookEvents.ApprovalRejected];
        }, "rejected", ct);

    private async Task<CaseAction?> DecideAsync(Guid actionId, Guid deciderId, Func<CaseAction, StaffMember, DateTime, string[]> decide,
        string verb, CancellationToken ct)
    {
        var action = await db.CaseActions.FirstOrDefaultAsync(a => a.Id == actionId, ct);
        if (action is null)
        {
            return null;
        }

        var who = await limits.StaffAsync(deciderId, ct);
        action.RequireDecidableBy(who.Id);
        var limit = LimitCheck.For(await limits.LimitsOfAsync(who, ct), who.Id, who.Roles, action.Type, action.Currency);
        if (!limit.Covers(action.Amount, action.Currency))
        {
            throw new NotYoursToDecideException(
                $"Your limit for {action.Type.Label().ToLowerInvariant()} ({limit.Describe()}) does not cover {action.What}; a colleague whose limit does must decide.");
        }

        var now = Now;
        foreach (var eventName in decide(action, who, now))
        {
            await AuthorityWebhooks.RaiseAsync(db, eventName, action, now, ct);
        }

        var reference = await db.Cases.Where(x => x.Id == action.CaseId).Select(x => x.Number).FirstAsync(ct);
        var why = action.DecisionReason is null ? "" : $": {action.DecisionReason}";
        await notifier.TellAsync(new Notice(Kind, $"{who.Name} {verb} your {action.WhatInSentence} on {CaseNumbers.Format(reference)}{why}",
            $"/cases/{action.CaseId}", now), [action.RequestedById], ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ActionAlreadyDecidedException("Someone else decided this request first; read it again to see the decision.");
        }

        notifier.Published([action.RequestedById]);
        events.Changed(action.CaseId);
        return action;
    }

    /// <summary>The customer outcome goes on the case's notes, the record everyone working the case reads.</summary>
    private void RecordOutcome(CaseAction action, Guid byId, string byName, DateTime now) =>
        db.CaseNotes.Add(new CaseNote { CaseId = action.CaseId, AuthorId = byId, AuthorName = byName, Text = $"Customer outcome: {action.Outcome}", At = now });
}
