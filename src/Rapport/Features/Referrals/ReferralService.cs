using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Referrals;

/// <summary>A referral was addressed to someone else (accept, decline) or made by someone else (withdraw): a 403.</summary>
public sealed class NotYourReferralException(string message) : Exception(message);

/// <summary>Making and answering referrals, shared by the API and the screens. Each method is one transaction.</summary>
public sealed class ReferralService(RapportDbContext db, TimeProvider time, ReplyService replies, ReferralNotices notices,
    ConversationEvents conversationEvents, ReferralEvents events, OutboxDispatcher outbox)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Referral> ReferAsync(CreateReferralRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.UserId();
        var toName = await TargetNameAsync(request.ToUserId, request.ToTeamId, ct);
        var referral = Referral.Make(request.CaseId, request.ConversationId, me, NameOf(user), request.ToUserId, request.ToTeamId, toName,
            request.Reason, Now);
        var sendOn = await RequireSubjectAsync(referral, Viewer.Of(user), ct);
        if (await db.Referrals.AnyAsync(r => r.Status == ReferralStatus.Pending
            && (referral.CaseId != null ? r.CaseId == referral.CaseId : r.ConversationId == referral.ConversationId), ct))
        {
            throw new InvalidInputException(referral.CaseId is null ? "conversationId" : "caseId",
                "This already has a pending referral: wait for the answer, or withdraw it first.");
        }

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        db.Referrals.Add(referral);
        if (!string.IsNullOrWhiteSpace(request.CustomerMessage))
        {
            var conversationId = sendOn ?? throw new InvalidInputException("customerMessage",
                "This case has no linked conversation to tell the customer on; link one, or refer without a message.");
            var sent = await TellCustomerAsync(conversationId, request.CustomerMessage, user, ct);
            referral.ToldCustomer(request.CustomerMessage, sent.Id);
        }

        await ReferralWebhooks.RaiseAsync(db, ReferralWebhooks.Created, referral, Now, ct);
        var notified = await notices.ToReceiverAsync(referral, ct);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        Published(referral, notified);
        return referral;
    }

    public Task<Referral?> AcceptAsync(Guid id, ClaimsPrincipal user, CancellationToken ct) => AnswerAsync(id, user, async r =>
    {
        r.Accept(user.UserId(), NameOf(user), Now);
        // A person's referral goes to them; a team's to the member who takes it, in that team.
        await AssignAsync(r, r.ToUserId ?? user.UserId(), r.ToTeamId, ct);
        await ReferralWebhooks.RaiseAsync(db, ReferralWebhooks.Accepted, r, Now, ct);
    }, ct);

    public Task<Referral?> DeclineAsync(Guid id, string? reason, ClaimsPrincipal user, CancellationToken ct) => AnswerAsync(id, user, async r =>
    {
        r.Decline(user.UserId(), NameOf(user), reason, Now);
        await AssignAsync(r, r.FromUserId, null, ct);
        await ReferralWebhooks.RaiseAsync(db, ReferralWebhooks.Declined, r, Now, ct);
    }, ct);

    public async Task<Referral?> WithdrawAsync(Guid id, string? reason, ClaimsPrincipal user, CancellationToken ct)
    {
        var r = await db.Referrals.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        if (r.FromUserId != user.UserId())
        {
            throw new NotYourReferralException("Only the colleague who made a referral can withdraw it.");
        }

        r.Withdraw(user.UserId(), NameOf(user), reason, Now);
        await SaveAsync(ct);
        Published(r, []);
        return r;
    }

    /// <summary>Whether <paramref name="userId"/> is the referral's addressee or a member of its team.</summary>
    public async Task<bool> IsAddresseeAsync(Referral r, Guid userId, CancellationToken ct) =>
        r.ToUserId == userId || (r.ToTeamId is { } team && await db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == userId, ct));

    private async Task<Referral?> AnswerAsync(Guid id, ClaimsPrincipal user, Func<Referral, Task> answer, CancellationToken ct)
    {
        var r = await db.Referrals.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return null;
        }

        if (!await IsAddresseeAsync(r, user.UserId(), ct))
        {
            throw new NotYourReferralException($"This referral is addressed to {r.ToName}; only they can accept or decline it.");
        }

        await answer(r);
        var notified = await notices.ToReferrerAsync(r, ct);
        await SaveAsync(ct);
        Published(r, notified);
        return r;
    }

    private async Task AssignAsync(Referral r, Guid ownerId, Guid? teamId, CancellationToken ct)
    {
        if (r.CaseId is { } caseId)
        {
            var c = await db.Cases.Include(x => x.Tags).FirstAsync(x => x.Id == caseId, ct);
            c.AssignTo(ownerId, teamId ?? c.TeamId, Now);
            await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        }
        else
        {
            var conversation = await db.Conversations.FirstAsync(x => x.Id == r.ConversationId, ct);
            conversation.AssignTo(ownerId, teamId ?? conversation.TeamId);
        }
    }

    /// <summary>
    /// Checks the referrer may see the case or conversation (one they may not see answers as one that does not exist);
    /// returns the conversation a message to the customer goes out on: the case's latest one the referrer may see.
    /// </summary>
    private async Task<Guid?> RequireSubjectAsync(Referral r, Viewer viewer, CancellationToken ct)
    {
        if (r.ConversationId is { } conversationId)
        {
            return await db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer).AnyAsync(ct)
                ? conversationId
                : throw new InvalidInputException("conversationId", $"No conversation has the id '{conversationId}'.");
        }

        if (!await db.Cases.Where(c => c.Id == r.CaseId).VisibleTo(db, viewer).AnyAsync(ct))
        {
            throw new InvalidInputException("caseId", $"No case has the id '{r.CaseId}'.");
        }

        return await db.CaseConversations.Where(l => l.CaseId == r.CaseId)
            .Join(db.Conversations.VisibleTo(db, viewer), l => l.ConversationId, c => c.Id, (l, c) => c)
            .OrderByDescending(c => c.LastMessageAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    private async Task<Message> TellCustomerAsync(Guid conversationId, string text, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            return (await replies.ReplyAsync(conversationId, text, user, ct))!;
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException("customerMessage", e.Message);
        }
    }

    private async Task<string> TargetNameAsync(Guid? userId, Guid? teamId, CancellationToken ct)
    {
        if (userId is { } u)
        {
            var name = await db.Users.Where(x => x.Id == u).Select(x => x.DisplayName).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("toUserId", $"No user has the id '{u}'.");
            var cannotTakeWork = await db.UserRoles.Where(x => x.UserId == u).Join(db.Roles, x => x.RoleId, r => r.Id, (x, r) => r.Name)
                .AnyAsync(r => r == Roles.Auditor || r == Roles.Integration, ct);
            return cannotTakeWork
                ? throw new InvalidInputException("toUserId", $"{name} cannot take work on: auditors only read, and systems are not people.")
                : name;
        }

        if (teamId is { } t)
        {
            return await db.Teams.Where(x => x.Id == t).Select(x => x.Name).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("toTeamId", $"No team has the id '{t}'.");
        }

        return "";
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Two referrals of the same case or conversation raced: the pending-referral index kept one.
            throw new InvalidInputException("status", "This already has a pending referral: wait for the answer, or withdraw it first.");
        }
    }

    private void Published(Referral r, IReadOnlyCollection<Guid> notified)
    {
        notices.Published(notified);
        events.Raise(r);
        if (r.ConversationId is { } conversationId)
        {
            conversationEvents.Changed(conversationId);
        }

        outbox.Nudge();
    }

    private static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
}
