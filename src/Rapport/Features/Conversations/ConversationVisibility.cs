using System.Security.Claims;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Who is looking: an agent sees less than a supervisor, administrator or auditor.</summary>
public sealed record ConversationViewer(Guid UserId, bool SeesAll)
{
    public static ConversationViewer Of(ClaimsPrincipal user) =>
        new(user.UserId(), user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Auditor));
}

/// <summary>
/// The one rule for which conversations a member of staff may see, used by the inbox, the conversation screens, the
/// customer timeline and search: supervisors, administrators and auditors see all; an agent sees every conversation
/// except those routed to a <em>restricted</em> team they are not a member of (unless it is assigned to them).
/// </summary>
public static class ConversationVisibility
{
    public static IQueryable<Conversation> VisibleTo(this IQueryable<Conversation> conversations, RapportDbContext db, ConversationViewer viewer) =>
        viewer.SeesAll
            ? conversations
            : conversations.Where(c => c.TeamId == null || c.AssigneeId == viewer.UserId
                || !db.Teams.Any(t => t.Id == c.TeamId && t.Restricted)
                || db.TeamMembers.Any(m => m.TeamId == c.TeamId && m.UserId == viewer.UserId));

    /// <summary>Messages of conversations the viewer may see (customer notes and calls outside a conversation are not messages).</summary>
    public static IQueryable<Message> VisibleTo(this IQueryable<Message> messages, RapportDbContext db, ConversationViewer viewer) =>
        viewer.SeesAll ? messages : messages.Where(m => db.Conversations.VisibleTo(db, viewer).Any(c => c.Id == m.ConversationId));

    public static Task<bool> CanSeeAsync(this RapportDbContext db, Guid conversationId, ConversationViewer viewer, CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer), ct);
}
