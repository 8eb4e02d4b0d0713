using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Only colleagues who may see a conversation are told about it (a promise made in it).</summary>
public sealed class ConversationNoticeAudience(RapportDbContext db) : INoticeAudience
{
    public string LinkPrefix => "/conversations/";

    public Task<bool> MaySeeAsync(Guid recordId, Viewer viewer, CancellationToken ct) => db.CanSeeConversationAsync(recordId, viewer, ct);
}
