using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>Changes agents make to cases, shared by the API and the case screens. Each method is one transaction.</summary>
public sealed class CaseService(RapportDbContext db, TimeProvider time, Notifier notifier,
    IEnumerable<ICaseStatusParticipant> statusRules)
{
    private const long NumberingLock = 72657303;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Opens a case; a conversation to open it from must be one <paramref name="viewer"/> may see (else: not found).</summary>
    public async Task<Case> CreateAsync(CreateCaseRequest request, Viewer viewer, CancellationToken ct)
    {
        if ((request.CustomerId is null) == (request.ConversationId is null))
        {
            throw new InvalidInputException("customerId", "Give exactly one of customerId and conversationId.");
        }

        var kind = await RequireKindAsync(request.Kind ?? CaseKinds.Information, ct);
        var tags = CaseTag.Normalise(request.Tags ?? []);
        Guid customerId;
        if (request.ConversationId is { } conversationId)
        {
            customerId = await VisibleConversationCustomerAsync(conversationId, viewer, ct);
            await RequireUnlinkedAsync(conversationId, null, ct);
        }
        else
        {
            customerId = request.CustomerId!.Value;
            if (!await db.Customers.AnyAsync(c => c.Id == customerId && c.MergedIntoId == null, ct))
            {
                throw new InvalidInputException("customerId", $"No customer has the id '{customerId}'.");
            }
        }

        Customer.RefuseIfErased(await db.Customers.Where(c => c.Id == customerId).Select(c => c.ErasedAt).FirstOrDefaultAsync(ct));

        await RequireAssigneesAsync(request.OwnerId, request.TeamId, "", ct);
        // Numbers are max + 1, read and used inside one write transaction: SQLite's writers queue (one at a time per file in
        // this process) and PostgreSQL's creates take one lock for it, so concurrent creates never race for a number. The
        // unique index stays the backstop for another process on the same SQLite file: that rare loser retries.
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({NumberingLock})", ct);
            }

            var number = (await db.Cases.MaxAsync(c => (long?)c.Number, ct) ?? 0) + 1;
            var now = Now;
            var created = Case.Open(number, customerId, kind, request.Title, request.Requirement ?? "", request.Priority, now);
            created.AssignTo(request.OwnerId, request.TeamId, now);
            created.SetTags(tags, now);
            db.Cases.Add(created);
            if (request.ConversationId is { } linked)
            {
                db.CaseConversations.Add(new CaseConversation { CaseId = created.Id, ConversationId = linked, LinkedAt = now });
            }

            await CaseWebhooks.CreatedAsync(db, created, now, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(ct);
                }

                return created;
            }
            catch (DbUpdateException) when (attempt < 5 && transaction is not null)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                if (!await NumberTakenAsync(number, ct))
                {
                    throw;
                }
            }
        }
    }

    public async Task<Case?> UpdateAsync(Guid id, UpdateCaseRequest request, Guid? ifMatch, CancellationToken ct)
    {
        var kind = await RequireKindAsync(request.Kind, ct);
        var c = await LoadAsync(id, ifMatch, ct);
        if (c is null)
        {
            return null;
        }

        c.Describe(kind, request.Title, request.Requirement ?? "", request.Priority, Now);
        if (request.Tags is not null)
        {
            c.SetTags(request.Tags, Now);
        }

        await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    public async Task<Case?> SetStatusAsync(Guid id, CaseStatus status, Guid? ifMatch, CancellationToken ct)
    {
        var c = await LoadAsync(id, ifMatch, ct);
        if (c is null)
        {
            return null;
        }

        var from = c.Status;
        if (c.MoveTo(status, Now))
        {
            await CheckStatusRulesAsync(c, from, ct);
            await CaseWebhooks.StatusChangedAsync(db, [(c, from)], Now, ct);
            await db.SaveChangesAsync(ct);
        }

        return c;
    }

    public async Task<Case?> AssignAsync(Guid id, Guid? ownerId, Guid? teamId, Guid? ifMatch, CancellationToken ct)
    {
        await RequireAssigneesAsync(ownerId, teamId, "", ct);
        var c = await LoadAsync(id, ifMatch, ct);
        if (c is null)
        {
            return null;
        }

        c.AssignTo(ownerId, teamId, Now);
        await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    public async Task<Case?> FollowAsync(Guid id, Guid userId, bool follow, CancellationToken ct)
    {
        var c = await LoadAsync(id, null, ct);
        if (c is null)
        {
            return null;
        }

        var existing = await db.CaseFollowers.FirstOrDefaultAsync(f => f.CaseId == id && f.UserId == userId, ct);
        if (follow && existing is null)
        {
            db.CaseFollowers.Add(new CaseFollower { CaseId = id, UserId = userId });
        }
        else if (!follow && existing is not null)
        {
            db.CaseFollowers.Remove(existing);
        }

        await db.SaveChangesAsync(ct);
        return c;
    }

    public async Task<Case?> LinkAsync(Guid id, Guid conversationId, Viewer viewer, CancellationToken ct)
    {
        var c = await LoadAsync(id, null, ct);
        if (c is null)
        {
            return null;
        }

        var customerId = await VisibleConversationCustomerAsync(conversationId, viewer, ct);
        if (customerId != c.CustomerId)
        {
            throw new InvalidInputException("conversationId", "This conversation is with another customer than the case.");
        }

        if (await RequireUnlinkedAsync(conversationId, id, ct))
        {
            return c; // already linked here
        }

        db.CaseConversations.Add(new CaseConversation { CaseId = id, ConversationId = conversationId, LinkedAt = Now });
        c.Touch(Now);
        await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    public async Task<Case?> UnlinkAsync(Guid id, Guid conversationId, CancellationToken ct)
    {
        var c = await LoadAsync(id, null, ct);
        if (c is null)
        {
            return null;
        }

        var link = await db.CaseConversations.FirstOrDefaultAsync(l => l.CaseId == id && l.ConversationId == conversationId, ct)
            ?? throw new InvalidInputException("conversationId", "This conversation is not linked to the case.");
        db.CaseConversations.Remove(link);
        c.Touch(Now);
        await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    /// <summary>Adds an internal note; each colleague it @mentions (other than the author) gets a notification.</summary>
    public async Task<CaseNote?> AddNoteAsync(Guid id, string text, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("text", "A note cannot be empty.");
        }

        var c = await LoadAsync(id, null, ct);
        if (c is null)
        {
            return null;
        }

        var now = Now;
        var author = user.UserId();
        var authorName = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var note = new CaseNote { CaseId = id, AuthorId = author, AuthorName = authorName, Text = CardNumbers.Mask(text.Trim())!, At = now };
        db.CaseNotes.Add(note);
        c.Touch(now);

        var staff = await new CaseQueries(db).StaffAsync(ct);
        // A colleague who may not see the case is not told about it: the notifier leaves them out.
        var mentioned = await notifier.TellAsync(new Notice("mention", $"{authorName} mentioned you on {c.Reference} {c.Title}", $"/cases/{c.Id}", now),
            Mentions.Find(note.Text, staff).Where(u => u != author), ct);

        await db.SaveChangesAsync(ct);
        notifier.Published(mentioned);
        return note;
    }

    public async Task<Case?> ConfirmRequirementAsync(Guid id, string how, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await LoadAsync(id, null, ct);
        if (c is null)
        {
            return null;
        }

        c.ConfirmRequirement(user.UserId(), user.FindFirstValue(RapportClaims.DisplayName) ?? "staff", how, Now);
        await CaseWebhooks.UpdatedAsync(db, [c], Now, ct);
        await db.SaveChangesAsync(ct);
        return c;
    }

    private async Task<Case?> LoadAsync(Guid id, Guid? ifMatch, CancellationToken ct)
    {
        var c = await db.Cases.Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is not null && ifMatch is { } expected && expected != c.Version)
        {
            throw new DbUpdateConcurrencyException("If-Match does not match the current version.");
        }

        return c;
    }

    internal async Task<string> RequireKindAsync(string kind, CancellationToken ct)
    {
        var key = kind.Trim().ToLowerInvariant();
        if (CaseKinds.BuiltIn.Any(k => k.Key == key) || await db.CaseKinds.AnyAsync(k => k.Key == key, ct))
        {
            return key;
        }

        var custom = await db.CaseKinds.Select(k => k.Key).ToListAsync(ct);
        throw new InvalidInputException("kind", $"'{kind}' is not a kind of case; use one of: {string.Join(", ", CaseKinds.BuiltIn.Select(k => k.Key).Concat(custom))}.");
    }

    internal async Task RequireAssigneesAsync(Guid? ownerId, Guid? teamId, string prefix, CancellationToken ct)
    {
        if (ownerId is { } user && !await db.Users.AnyAsync(u => u.Id == user, ct))
        {
            throw new InvalidInputException(prefix + "ownerId", $"No user has the id '{user}'.");
        }

        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            throw new InvalidInputException(prefix + "teamId", $"No team has the id '{team}'.");
        }
    }

    /// <summary>The customer of a conversation the viewer may see; one they may not see answers as one that does not exist.</summary>
    private async Task<Guid> VisibleConversationCustomerAsync(Guid conversationId, Viewer viewer, CancellationToken ct) =>
        await db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer).Select(c => (Guid?)c.CustomerId).FirstOrDefaultAsync(ct)
        ?? throw new InvalidInputException("conversationId", $"No conversation has the id '{conversationId}'.");

    /// <summary>Refuses a conversation linked to another case; true when it is already linked to <paramref name="caseId"/>.</summary>
    private async Task<bool> RequireUnlinkedAsync(Guid conversationId, Guid? caseId, CancellationToken ct)
    {
        var current = await db.CaseConversations.Where(l => l.ConversationId == conversationId)
            .Join(db.Cases, l => l.CaseId, c => c.Id, (l, c) => new { c.Id, c.Number }).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return false;
        }

        return current.Id == caseId
            ? true
            : throw new InvalidInputException("conversationId",
                $"This conversation is already linked to case {CaseNumbers.Format(current.Number)}; unlink it there first.");
    }

    /// <summary>The moved case passes every feature's rules about its status (or the move is refused).</summary>
    internal async Task CheckStatusRulesAsync(Case moved, CaseStatus from, CancellationToken ct)
    {
        foreach (var rule in statusRules)
        {
            await rule.OnStatusChangingAsync(moved, from, ct);
        }
    }

    private Task<bool> NumberTakenAsync(long number, CancellationToken ct) => db.Cases.AsNoTracking().AnyAsync(c => c.Number == number, ct);

}
