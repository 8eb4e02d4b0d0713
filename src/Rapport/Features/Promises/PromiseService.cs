using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>Recording promises and settling them, shared by the API, the composer and the case screen. One transaction each.</summary>
public sealed class PromiseService(RapportDbContext db, TimeProvider time, PromiseTimings timings, PromiseNotices notices)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Promise> CreateAsync(CreatePromiseRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var promise = await MakeAsync(request, user, ct);
        db.Add(promise);
        await db.SaveChangesAsync(ct);
        return promise;
    }

    /// <summary>Records the promises an agent confirmed in the composer, linked to the reply they were made in.</summary>
    public async Task<IReadOnlyList<Promise>> RecordFromReplyAsync(Guid messageId, IEnumerable<(string What, DateTimeOffset DueAt, string? DueText)> confirmed,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var made = new List<Promise>();
        foreach (var (what, dueAt, dueText) in confirmed)
        {
            made.Add(await MakeAsync(new CreatePromiseRequest(what, dueAt, dueText, MessageId: messageId), user, ct));
        }

        db.AddRange(made);
        await db.SaveChangesAsync(ct);
        return made;
    }

    public Task<Promise?> KeepAsync(Guid id, string? note, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, p => p.Keep(user.UserId(), note, Now), ct);

    public async Task<Promise?> BreakAsync(Guid id, string reason, ClaimsPrincipal user, CancellationToken ct)
    {
        var promise = await db.Set<Promise>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promise is null)
        {
            return null;
        }

        promise.Break(user.UserId(), reason, Now);
        await notices.WriteBrokenAsync(promise, Now, ct);
        await db.SaveChangesAsync(ct);
        return promise;
    }

    public Task<Promise?> RenegotiateAsync(Guid id, RenegotiatePromiseRequest request, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, p => db.Add(p.Renegotiate(request.DueAt.UtcDateTime, request.Reason, request.CustomerAgreed, user.UserId(), timings.ReminderLead, Now)), ct);

    private async Task<Promise?> ChangeAsync(Guid id, Action<Promise> change, CancellationToken ct)
    {
        var promise = await db.Set<Promise>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (promise is null)
        {
            return null;
        }

        change(promise);
        await db.SaveChangesAsync(ct);
        return promise;
    }

    /// <summary>A promise is made on what its maker may see: a message, conversation or case they may not see answers as one that does not exist.</summary>
    private async Task<Promise> MakeAsync(CreatePromiseRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.UserId();
        var viewer = Viewer.Of(user);
        var conversationId = r.ConversationId;
        if (r.MessageId is { } messageId)
        {
            var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).VisibleTo(db, viewer).Select(m => new { m.ConversationId }).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("messageId", "No message has this id.");
            if (conversationId is not null && conversationId != message.ConversationId)
            {
                throw new InvalidInputException("messageId", "The message is not in the conversation given.");
            }

            conversationId = message.ConversationId;
        }

        var caseId = r.CaseId;
        Guid? customerId = null;
        if (conversationId is { } cid)
        {
            customerId = await db.Conversations.AsNoTracking().Where(c => c.Id == cid).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("conversationId", "No conversation has this id.");
            caseId ??= await db.CaseConversations.AsNoTracking().Where(l => l.ConversationId == cid).Select(l => (Guid?)l.CaseId).FirstOrDefaultAsync(ct);
        }

        Guid? teamId = null;
        if (caseId is { } kid)
        {
            var c = await db.Cases.AsNoTracking().Where(x => x.Id == kid).VisibleTo(db, viewer).Select(x => new { x.CustomerId, x.TeamId }).FirstOrDefaultAsync(ct)
                ?? throw new InvalidInputException("caseId", "No case has this id.");
            if (customerId is not null && customerId != c.CustomerId)
            {
                throw new InvalidInputException("caseId", "The case is about another customer than the conversation.");
            }

            customerId = c.CustomerId;
            teamId = c.TeamId;
        }

        if (r.CustomerId is { } given)
        {
            if (customerId is not null && customerId != given)
            {
                throw new InvalidInputException("customerId", "The customer is not the one the case or conversation is about.");
            }

            customerId = await db.Customers.AsNoTracking().AnyAsync(c => c.Id == given, ct)
                ? given
                : throw new InvalidInputException("customerId", "No customer has this id.");
        }

        if (customerId is null)
        {
            throw new InvalidInputException("customerId", "Say whom the promise was made to: give customerId, caseId, conversationId or messageId.");
        }

        var ownerId = r.OwnerId ?? userId;
        if (!await db.Users.AnyAsync(u => u.Id == ownerId, ct))
        {
            throw new InvalidInputException("ownerId", "No member of staff has this id.");
        }

        return Promise.Make(customerId.Value, ownerId, r.What, r.DueAt.UtcDateTime, r.DueText, timings.ReminderLead, userId, Now,
            caseId, conversationId, r.MessageId, teamId);
    }
}
