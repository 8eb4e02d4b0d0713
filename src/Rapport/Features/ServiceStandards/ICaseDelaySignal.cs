namespace Rapport.Features.ServiceStandards;

/// <summary>
/// Something that can say a case is delayed or off plan, so the agent is prompted to tell the customer why (C13).
/// Register more with <c>services.AddScoped&lt;ICaseDelaySignal, …&gt;()</c> (e.g. a promise at risk); the case page and
/// API gather the reasons of all of them.
/// </summary>
public interface ICaseDelaySignal
{
    /// <summary>Why the case is delayed, in a few words each for the agent (empty when it is not).</summary>
    Task<IReadOnlyList<string>> ReasonsAsync(Guid caseId, DateTime now, CancellationToken ct);
}

/// <summary>Service-standard clocks that are breached or due within the due-soon window.</summary>
public sealed class TargetsAtRisk(Infrastructure.Data.RapportDbContext db, ServiceSweeper sweeper) : ICaseDelaySignal
{
    public async Task<IReadOnlyList<string>> ReasonsAsync(Guid caseId, DateTime now, CancellationToken ct)
    {
        var until = now + sweeper.DueSoonWindow;
        var targets = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<CaseTarget>().Where(t => t.CaseId == caseId && t.DueAt != null && t.MetAt == null), ct);
        return targets.Where(t => t.BreachedAt is not null || t.DueAt <= until).OrderBy(t => t.DueAt)
            .Select(t => t.BreachedAt is not null || t.DueAt <= now
                ? $"The {TargetLabels.Of(t.Kind)} target was missed"
                : $"The {TargetLabels.Of(t.Kind)} target is due soon")
            .ToList();
    }
}
