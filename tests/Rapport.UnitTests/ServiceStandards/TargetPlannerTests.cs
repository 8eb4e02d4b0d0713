using Rapport.Features.Cases;
using Rapport.Features.Customers;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.ServiceStandards;

/// <summary>Service-standard clocks on a case: business hours, pauses, met and late targets, restarts, DST.</summary>
public sealed class TargetPlannerTests
{
    // Weekdays 09:00–17:30 Europe/London; March 2026 is GMT until the 29th, then BST.
    private static readonly BusinessCalendar London = OrganisationCalendar.Default;
    private static readonly Guid CaseId = Guid.CreateVersion7();

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static ServicePolicy Policy(int? first = null, int? update = null, int? resolution = null, bool businessHours = true)
    {
        var p = new ServicePolicy();
        p.Define("Test", null, null, null, first, update, resolution, businessHours);
        return p;
    }

    private static CaseClockFacts Facts(DateTime created, CaseStatus status = CaseStatus.Open, DateTime? firstResponse = null,
        DateTime? lastUpdate = null, DateTime? resolved = null) => new(CaseId, created, status, firstResponse, lastUpdate ?? firstResponse, resolved);

    private static List<CaseTarget> Plan(CaseClockFacts facts, ServicePolicy? policy, List<CaseTarget> rows, DateTime now)
    {
        var (added, removed) = TargetPlanner.Apply(facts, policy, rows, London, now);
        rows.AddRange(added);
        rows.RemoveAll(removed.Contains);
        return rows;
    }

    private static CaseTarget Row(List<CaseTarget> rows, TargetKind kind) => Assert.Single(rows, r => r.Kind == kind);

    [Fact]
    public void A_first_response_target_counts_only_business_hours_and_carries_over_the_weekend()
    {
        var created = Utc(3, 6, 16, 30); // Friday, one business hour left
        var rows = Plan(Facts(created), Policy(first: 120), [], created);

        Assert.Equal(Utc(3, 9, 10), Row(rows, TargetKind.FirstResponse).DueAt); // Monday 10:00
    }

    [Fact]
    public void Across_the_spring_clock_change_the_due_time_moves_with_local_opening_hours()
    {
        var created = Utc(3, 27, 17); // Friday 17:00 GMT, half an hour left
        var rows = Plan(Facts(created), Policy(first: 60), [], created);

        Assert.Equal(Utc(3, 30, 8, 30), Row(rows, TargetKind.FirstResponse).DueAt); // Monday 09:30 BST
    }

    [Fact]
    public void Waiting_on_the_customer_pauses_the_clock_and_the_due_time_moves_by_the_business_time_paused()
    {
        var created = Utc(3, 2, 9); // Monday opening; 8 business hours to resolve
        var rows = Plan(Facts(created), Policy(resolution: 480), [], created);
        Assert.Equal(Utc(3, 2, 17), Row(rows, TargetKind.Resolution).DueAt);

        Plan(Facts(created, CaseStatus.PendingCustomer), Policy(resolution: 480), rows, Utc(3, 2, 13)); // 4 h used
        Assert.Null(Row(rows, TargetKind.Resolution).DueAt);
        Assert.Equal(Utc(3, 2, 13), Row(rows, TargetKind.Resolution).PausedAt);

        Plan(Facts(created), Policy(resolution: 480), rows, Utc(3, 3, 10)); // paused 4.5 h Monday + 1 h Tuesday
        var resolution = Row(rows, TargetKind.Resolution);
        Assert.Equal(TimeSpan.FromHours(5.5), resolution.PausedFor);
        Assert.Equal(Utc(3, 3, 14), resolution.DueAt); // 4 h left from Tuesday 10:00
    }

    [Fact]
    public void A_target_met_in_time_stops_and_leaves_the_running_index_while_a_late_one_keeps_its_due_time_for_the_sweeper()
    {
        var created = Utc(3, 2, 9);
        var onTime = Plan(Facts(created, firstResponse: Utc(3, 2, 9, 30)), Policy(first: 60), [], Utc(3, 2, 9, 30));
        Assert.Null(Row(onTime, TargetKind.FirstResponse).DueAt);
        Assert.Equal(Utc(3, 2, 9, 30), Row(onTime, TargetKind.FirstResponse).MetAt);

        var late = Plan(Facts(created, firstResponse: Utc(3, 2, 11)), Policy(first: 60), [], Utc(3, 2, 11));
        Assert.Equal(Utc(3, 2, 10), Row(late, TargetKind.FirstResponse).DueAt);
        Assert.Equal(Utc(3, 2, 11), Row(late, TargetKind.FirstResponse).MetAt);
    }

    [Fact]
    public void The_update_interval_starts_at_the_first_response_and_restarts_at_each_update()
    {
        var created = Utc(3, 2, 9);
        var policy = Policy(first: 60, update: 240);
        var rows = Plan(Facts(created), policy, [], created);
        Assert.DoesNotContain(rows, r => r.Kind == TargetKind.CustomerUpdate);

        Plan(Facts(created, firstResponse: Utc(3, 2, 10)), policy, rows, Utc(3, 2, 10));
        Assert.Equal(Utc(3, 2, 14), Row(rows, TargetKind.CustomerUpdate).DueAt);
        Row(rows, TargetKind.CustomerUpdate).BreachedAt = Utc(3, 2, 14);

        Plan(Facts(created, firstResponse: Utc(3, 2, 10), lastUpdate: Utc(3, 2, 15)), policy, rows, Utc(3, 2, 15));
        var update = Row(rows, TargetKind.CustomerUpdate);
        Assert.Equal(Utc(3, 3, 10, 30), update.DueAt); // 2.5 h Monday, 1.5 h Tuesday
        Assert.Null(update.BreachedAt);
    }

    [Fact]
    public void Resolving_stops_the_resolution_clock_and_reopening_resumes_it_where_it_stopped()
    {
        var created = Utc(3, 2, 9);
        var policy = Policy(resolution: 480);
        var rows = Plan(Facts(created), policy, [], created);

        Plan(Facts(created, CaseStatus.Resolved, resolved: Utc(3, 2, 11)), policy, rows, Utc(3, 2, 11));
        Assert.Equal(Utc(3, 2, 11), Row(rows, TargetKind.Resolution).MetAt);
        Assert.Null(Row(rows, TargetKind.Resolution).DueAt);

        Plan(Facts(created), policy, rows, Utc(3, 4, 9)); // reopened Wednesday at opening: 6 h left
        Assert.Null(Row(rows, TargetKind.Resolution).MetAt);
        Assert.Equal(Utc(3, 4, 15), Row(rows, TargetKind.Resolution).DueAt);
    }

    [Fact]
    public void A_calendar_hours_policy_runs_around_the_clock()
    {
        var created = Utc(3, 6, 23); // Friday night
        var rows = Plan(Facts(created), Policy(first: 120, businessHours: false), [], created);

        Assert.Equal(Utc(3, 7, 1), Row(rows, TargetKind.FirstResponse).DueAt);
    }

    [Fact]
    public void Without_a_policy_the_clocks_are_removed()
    {
        var created = Utc(3, 2, 9);
        var rows = Plan(Facts(created), Policy(first: 60, resolution: 600), [], created);
        Assert.Equal(2, rows.Count);

        Plan(Facts(created), null, rows, created);
        Assert.Empty(rows);
    }
}

public sealed class ServicePolicyTests
{
    private static ServicePolicy Policy(string name, Channel? channel = null, string? kind = null, CasePriority? priority = null)
    {
        var p = new ServicePolicy();
        p.Define(name, channel, kind, priority, 60, null, null, true);
        return p;
    }

    [Fact]
    public void The_most_specific_matching_policy_wins_and_priority_outranks_kind_outranks_channel()
    {
        ServicePolicy[] policies =
        [
            Policy("Default"), Policy("Email", channel: Channel.Email), Policy("Complaints", kind: "complaint"),
            Policy("Urgent", priority: CasePriority.Urgent), Policy("Urgent email complaints", Channel.Email, "complaint", CasePriority.Urgent),
        ];

        Assert.Equal("Urgent email complaints", ServicePolicy.For(policies, Channel.Email, "complaint", CasePriority.Urgent)!.Name);
        Assert.Equal("Urgent", ServicePolicy.For(policies, Channel.Sms, "complaint", CasePriority.Urgent)!.Name);
        Assert.Equal("Complaints", ServicePolicy.For(policies, Channel.Email, "complaint", CasePriority.Normal)!.Name);
        Assert.Equal("Email", ServicePolicy.For(policies, Channel.Email, "booking", CasePriority.Low)!.Name);
        Assert.Equal("Default", ServicePolicy.For(policies, null, "booking", CasePriority.Low)!.Name);
        Assert.Null(ServicePolicy.For([Policy("Email only", channel: Channel.Email)], null, "booking", CasePriority.Low));
    }

    [Fact]
    public void A_policy_without_targets_or_with_an_impossible_one_is_refused_naming_the_field()
    {
        var p = new ServicePolicy();
        Assert.Equal("firstResponseMinutes", Assert.Throws<InvalidInputException>(() => p.Define("x", null, null, null, null, null, null, true)).Field);
        Assert.Equal("resolutionMinutes", Assert.Throws<InvalidInputException>(() => p.Define("x", null, null, null, 60, null, 0, true)).Field);
        Assert.Equal("channel", Assert.Throws<InvalidInputException>(() => p.Define("x", Channel.None, null, null, 60, null, null, true)).Field);
    }
}

public sealed class CalendarDtoTests
{
    [Fact]
    public void A_calendar_with_split_days_and_holidays_round_trips_through_its_stored_form()
    {
        var dto = new CalendarDto("America/New_York",
            new() { ["monday"] = ["08:00-12:00", "13:00-17:00"], ["Saturday"] = ["10:00-14:00"] },
            [new HolidayDto(new DateOnly(2026, 12, 25), "Christmas", []), new HolidayDto(new DateOnly(2026, 12, 24), "Christmas Eve", ["08:00-12:00"])]);

        var stored = ServiceSettings.FromCalendar(dto.ToCalendar());
        var back = CalendarDto.From(stored.ToCalendar());

        Assert.Equal("America/New_York", back.TimeZone);
        Assert.Equal(["08:00-12:00", "13:00-17:00"], back.WeeklyHours["monday"]);
        Assert.Equal(["10:00-14:00"], back.WeeklyHours["saturday"]);
        Assert.Equal(2, back.Holidays.Count);
        Assert.Equal(["08:00-12:00"], back.Holidays.Single(h => h.Name == "Christmas Eve").Hours);
        Assert.False(stored.ToCalendar().IsOpenOn(new DateOnly(2026, 12, 25)));
    }

    [Theory]
    [InlineData("Mars/Olympus", "monday", "09:00-17:00", "timeZone")]
    [InlineData("UTC", "someday", "09:00-17:00", "weeklyHours")]
    [InlineData("UTC", "monday", "9 to 5", "weeklyHours.monday")]
    public void Bad_calendars_are_refused_naming_the_field(string zone, string day, string hours, string field)
    {
        var dto = new CalendarDto(zone, new() { [day] = [hours] }, []);
        Assert.Equal(field, Assert.Throws<InvalidInputException>(() => dto.ToCalendar()).Field);
    }
}
