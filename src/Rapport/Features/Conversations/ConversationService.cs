using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Changes agents make to conversations, shared by the API and the inbox screens.</summary>
public sealed class ConversationService(RapportDbContext db, TimeProvider time, ConversationEvents events)
{
    public async Task<bool> AssignAsync(Guid id, Guid? assigneeId, Guid? teamId, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return false;
        }

        if (assigneeId is { } user && !await db.Users.AnyAsync(u => u.Id == user, ct))
        {
            throw new InvalidInputException("assigneeId", $"No user has the id '{user}'.");
        }

        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            throw new InvalidInputException("teamId", $"No team has the id '{team}'.");
        }

        conversation.AssignTo(assigneeId, teamId);
        await db.SaveChangesAsync(ct);
        events.Changed(id);
        return true;
    }

    public async Task<bool> SetStatusAsync(Guid id, ConversationStatus status, CancellationToken ct)
    {
        if (!Enum.IsDefined(status))
        {
            throw new InvalidInputException("status", "Unknown status.");
        }

        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null)
        {
            return false;
        }

        conversation.SetStatus(status);
        await db.SaveChangesAsync(ct);
        events.Changed(id);
        return true;
    }

    public async Task<Message?> AddNoteAsync(Guid id, string text, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("text", "A note cannot be empty.");
        }

        var conversation = await db.Conversations.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, Viewer.Of(user)).FirstOrDefaultAsync(ct);
        if (conversation is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var name = user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
        var note = new Message
        {
            ConversationId = id,
            CustomerId = conversation.CustomerId,
            Direction = MessageDirection.Note,
            Channel = conversation.LastChannel,
            From = name,
            Text = CardNumbers.Mask(text.Trim())!,
            At = now,
            StoredAt = now,
            AuthorId = user.UserId(),
            AuthorName = name,
        };
        db.Messages.Add(note);
        // Within the caller's transaction when there is one (a referral tells the customer as part of its own change).
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            await ConversationCounters.AddAsync(db, [note], ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        events.Changed(id);
        return note;
    }
}
