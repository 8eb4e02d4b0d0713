using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>Improvement ideas, newest first, each listing only the linked feedback its viewer may see.</summary>
public sealed class IdeaQueries(RapportDbContext db)
{
    public const int MaxList = 200;

    public async Task<List<ImprovementIdeaDto>> ListAsync(IdeaStatus? status, Viewer viewer, CancellationToken ct)
    {
        var q = db.Set<ImprovementIdea>().AsNoTracking().Include(i => i.Feedback).AsQueryable();
        if (status is { } s)
        {
            q = q.Where(i => i.Status == s);
        }

        var ideas = await q.OrderByDescending(i => i.ProposedAt).Take(MaxList).ToListAsync(ct);
        var visible = await VisibleAsync(ideas, viewer, ct);
        return ideas.Select(i => i.ToDto(visible)).ToList();
    }

    public async Task<ImprovementIdeaDto> ToDtoAsync(ImprovementIdea idea, Viewer viewer, CancellationToken ct) =>
        idea.ToDto(await VisibleAsync([idea], viewer, ct));

    private async Task<HashSet<Guid>> VisibleAsync(IEnumerable<ImprovementIdea> ideas, Viewer viewer, CancellationToken ct)
    {
        var linked = ideas.SelectMany(i => i.Feedback).Select(f => f.FeedbackId).Distinct().ToList();
        return (await db.Set<FeedbackEntry>().Where(f => linked.Contains(f.Id)).VisibleTo(db, viewer).Select(f => f.Id).ToListAsync(ct)).ToHashSet();
    }
}
