using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// The one rule for which conversations (and so which messages, notes and attachments) a member of staff may see, on
/// every path that reads or acts on them — inbox, conversation screens, timeline, search, downloads, and the cases,
/// promises and referrals that point at them: supervisors, administrators and auditors see all; anyone else sees every
/// conversation except those routed to a <em>restricted</em> team they are not a member of (unless it is assigned to them).
/// </summary>
public static class ConversationVisibility
{
    public static IQueryable<Conversation> VisibleTo(this IQueryable<Conversation> conversations, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll
            ? conversations
            : conversations.Where(c => c.TeamId == null || c.AssigneeId == viewer.UserId
                || !db.Teams.Any(t => t.Id == c.TeamId && t.Restricted)
                || db.TeamMembers.Any(m => m.TeamId == c.TeamId && m.UserId == viewer.UserId));

    /// <summary>Messages of conversations the viewer may see (customer notes and calls outside a conversation are not messages).</summary>
    public static IQueryable<Message> VisibleTo(this IQueryable<Message> messages, RapportDbContext db, Viewer viewer) =>
        viewer.SeesAll ? messages : messages.Where(m => db.Conversations.VisibleTo(db, viewer).Any(c => c.Id == m.ConversationId));

    public static Task<bool> CanSeeConversationAsync(this RapportDbContext db, Guid conversationId, Viewer viewer, CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer), ct);

    public static Task<bool> CanSeeMessageAsync(this RapportDbContext db, Guid messageId, Viewer viewer, CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Messages.Where(m => m.Id == messageId).VisibleTo(db, viewer), ct);
}
