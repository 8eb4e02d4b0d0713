using Rapport.Features.Identity;
using Rapport.Features.Notifications;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>Only colleagues who may see a case are told about it (a mention, a target, a promise on it).</summary>
public sealed class CaseNoticeAudience(RapportDbContext db) : INoticeAudience
{
    public string LinkPrefix => "/cases/";

    public Task<bool> MaySeeAsync(Guid recordId, Viewer viewer, CancellationToken ct) => db.CanSeeCaseAsync(recordId, viewer, ct);
}
