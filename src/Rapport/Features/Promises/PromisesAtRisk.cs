using Microsoft.EntityFrameworkCore;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// A promise on the case that is overdue, or close enough to due that its owner has been reminded: the customer should
/// hear why before they have to chase (C13). Shown with the service-standard reasons on the case's delay prompt.
/// </summary>
public sealed class PromisesAtRisk(RapportDbContext db) : ICaseDelaySignal
{
    public async Task<IReadOnlyList<string>> ReasonsAsync(Guid caseId, DateTime now, CancellationToken ct)
    {
        var risky = await db.Set<Promise>().AsNoTracking()
            .Where(p => p.CaseId == caseId && (p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated) && p.RemindAt <= now)
            .OrderBy(p => p.DueAt)
            .Select(p => new { p.What, p.DueAt })
            .ToListAsync(ct);
        return risky.Select(p => p.DueAt <= now ? $"The promise to {p.What} is overdue" : $"The promise to {p.What} is due soon").ToList();
    }
}
