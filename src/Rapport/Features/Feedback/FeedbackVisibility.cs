using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// Feedback about a case or conversation is seen by whoever may see that case or conversation (the rule of
/// <see cref="CaseVisibility"/>); feedback about neither (a letter about the organisation) is seen by all staff.
/// </summary>
public static class FeedbackVisibility
{
    public static IQueryable<FeedbackEntry> VisibleTo(this IQueryable<FeedbackEntry> feedback, RapportDbContext db, Viewer viewer)
    {
        if (viewer.SeesAll)
        {
            return feedback;
        }

        var cases = db.Cases.VisibleTo(db, viewer).Select(c => c.Id);
        var conversations = db.Conversations.VisibleTo(db, viewer).Select(c => c.Id);
        return feedback.Where(f => (f.CaseId == null || cases.Contains(f.CaseId.Value))
            && (f.ConversationId == null || conversations.Contains(f.ConversationId.Value)));
    }

    public static Task<bool> CanSeeFeedbackAsync(this RapportDbContext db, Guid feedbackId, Viewer viewer, CancellationToken ct) =>
        db.Set<FeedbackEntry>().Where(f => f.Id == feedbackId).VisibleTo(db, viewer).AnyAsync(ct);
}
