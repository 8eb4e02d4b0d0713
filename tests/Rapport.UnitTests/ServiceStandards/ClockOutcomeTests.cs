using Rapport.Features.Cases;
using Rapport.Features.ServiceStandards;

namespace Rapport.UnitTests.ServiceStandards;

/// <summary>How each clock run ended is kept (the dashboards count it): met on time or late, and every customer update.</summary>
public sealed class ClockOutcomeTests
{
    private static readonly BusinessCalendar London = OrganisationCalendar.Default;
    private static readonly Guid CaseId = Guid.CreateVersion7();

    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    private static ServicePolicy Policy(int? first = null, int? update = null, int? resolution = null)
    {
        var p = new ServicePolicy();
        p.Define("Test", null, null, null, first, update, resolution, false);
        return p;
    }

    private static List<ServiceClockOutcome> Step(List<CaseTarget> rows, ServicePolicy policy, CaseClockFacts facts, DateTime now)
    {
        var ended = new List<ServiceClockOutcome>();
        var (added, removed) = TargetPlanner.Apply(facts, policy, rows, London, now, ended);
        rows.AddRange(added);
        rows.RemoveAll(removed.Contains);
        return ended;
    }

    [Fact]
    public void A_first_response_ends_its_run_once_on_time_and_a_later_save_adds_nothing()
    {
        var rows = new List<CaseTarget>();
        var policy = Policy(first: 60);
        Assert.Empty(Step(rows, policy, new(CaseId, Utc(2, 9), CaseStatus.Open, null, null, null), Utc(2, 9)));

        var ended = Assert.Single(Step(rows, policy, new(CaseId, Utc(2, 9), CaseStatus.Open, Utc(2, 9, 40), null, null), Utc(2, 9, 40)));
        Assert.Equal((TargetKind.FirstResponse, true, 40 * 60.0, 3600.0), (ended.Kind, ended.OnTime, ended.TookSeconds, ended.TargetSeconds));
        Assert.Empty(Step(rows, policy, new(CaseId, Utc(2, 9), CaseStatus.Open, Utc(2, 9, 40), null, null), Utc(2, 10)));
    }

    [Fact]
    public void Each_update_to_the_customer_ends_the_update_clocks_run_on_time_or_late()
    {
        var rows = new List<CaseTarget>();
        var policy = Policy(update: 60);
        var created = Utc(2, 9);
        Step(rows, policy, new(CaseId, created, CaseStatus.Open, Utc(2, 9, 10), Utc(2, 9, 10), null), Utc(2, 9, 10));

        var onTime = Assert.Single(Step(rows, policy, new(CaseId, created, CaseStatus.Open, Utc(2, 9, 10), Utc(2, 9, 50), null), Utc(2, 9, 50)));
        var late = Assert.Single(Step(rows, policy, new(CaseId, created, CaseStatus.Open, Utc(2, 9, 10), Utc(2, 11, 50), null), Utc(2, 11, 50)));

        Assert.Equal((TargetKind.CustomerUpdate, true, Utc(2, 9, 50)), (onTime.Kind, onTime.OnTime, onTime.EndedAt));
        Assert.Equal((TargetKind.CustomerUpdate, false, 120 * 60.0), (late.Kind, late.OnTime, late.TookSeconds));
    }
}
