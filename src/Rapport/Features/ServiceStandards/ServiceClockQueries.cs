using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// The due-time queries, in one place so the sweeper, the screens and the benchmark run the same SQL. Each one is a
/// range scan of a partial index on case_targets (ix_case_targets_running, ix_case_targets_breached).
/// </summary>
public static class ServiceClockQueries
{
    /// <summary>Running clocks past due whose breach is not recorded yet, oldest first.</summary>
    public static IQueryable<CaseTarget> Overdue(RapportDbContext db, DateTime now) =>
        Running(db).Where(t => t.DueAt <= now).OrderBy(t => t.DueAt);

    /// <summary>Running clocks due by <paramref name="until"/> (overdue ones included), soonest first.</summary>
    public static IQueryable<CaseTarget> DueBy(RapportDbContext db, DateTime until) =>
        Running(db).Where(t => t.DueAt <= until).OrderBy(t => t.DueAt);

    /// <summary>Clocks coming due in (now, until] not yet announced.</summary>
    public static IQueryable<CaseTarget> ToAnnounce(RapportDbContext db, DateTime now, DateTime until) =>
        Running(db).Where(t => t.DueAt > now && t.DueAt <= until && t.DueSoonNotifiedAt == null).OrderBy(t => t.DueAt);

    /// <summary>Breached clocks on cases still open, latest breach first.</summary>
    public static IQueryable<CaseTarget> Breached(RapportDbContext db) =>
        db.CaseTargets.Where(t => t.DueAt != null && t.BreachedAt != null && t.MetAt == null).OrderByDescending(t => t.BreachedAt);

    private static IQueryable<CaseTarget> Running(RapportDbContext db) => db.CaseTargets.Where(t => t.DueAt != null && t.BreachedAt == null);
}
