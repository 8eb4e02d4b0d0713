using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Conversations;
using Rapport.Features.Dashboards;
using Rapport.Features.Feedback;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Features.Teams;

namespace Rapport.IntegrationTests.Dashboards;

/// <summary>
/// Dashboards (C28) read a daily rollup, not the facts: the rollup must give exactly what counting the facts gives, by
/// UTC day, week and month; CSV gives the JSON's numbers; agents see only their own and their teams' numbers.
/// </summary>
public abstract class DashboardTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private static readonly string Range = $"from={DashboardData.From:yyyy-MM-dd}&to={DashboardData.To:yyyy-MM-dd}";

    [Fact]
    public async Task The_rollup_gives_what_counting_the_facts_gives()
    {
        var data = await DashboardData.SeedAsync(app, seed: 2804);
        await DashboardData.RollUpAsync(app, DashboardData.From);
        var weeks = Enumerable.Range(0, 7).Select(w => DashboardData.From.AddDays(7 * w)).ToList();
        int WeekOf(DateTime at) => (int)Math.Floor((DashboardData.Day(at).DayNumber - DashboardData.From.DayNumber) / 7.0);
        List<double?> PerWeek<T>(IEnumerable<T> facts, Func<T, DateTime> at, Func<IReadOnlyList<T>, double?> value) =>
            weeks.Select((_, w) => value(facts.Where(f => WeekOf(at(f)) == w).ToList())).ToList();
        static double? R(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

        foreach (var (chart, kind) in new[] { ("first-response", TargetKind.FirstResponse), ("resolution", TargetKind.Resolution) })
        {
            var outcomes = data.Outcomes.Where(o => o.Kind == kind).ToList();
            var read = await ChartAsync(chart, $"team={data.TeamId}&bucket=week");
            Assert.Equal(PerWeek(outcomes, o => o.EndedAt, os => os.Count == 0 ? null : R(os.Average(o => o.TookSeconds) / 3600)), Values(read, "average"));
            Assert.Equal(PerWeek(outcomes, o => o.EndedAt, os => os.Count == 0 ? null : R(os.Average(o => o.TargetSeconds) / 3600)), Values(read, "target"));
        }

        var updates = await ChartAsync("customer-updates", $"team={data.TeamId}&bucket=week");
        var updateFacts = data.Outcomes.Where(o => o.Kind == TargetKind.CustomerUpdate).ToList();
        Assert.Equal(PerWeek(updateFacts, o => o.EndedAt, os => os.Count(o => o.OnTime)), Values(updates, "on-time"));
        Assert.Equal(PerWeek(updateFacts, o => o.EndedAt, os => os.Count(o => !o.OnTime)), Values(updates, "late"));

        var closed = data.Promises.Where(p => p.ClosedAt is not null).ToList();
        var promises = await ChartAsync("promises", $"team={data.TeamId}&bucket=week");
        Assert.Equal(PerWeek(closed, p => p.ClosedAt!.Value, ps => ps.Count(p => p.Status == PromiseStatus.Kept && p.KeptOnTime)), Values(promises, "kept-on-time"));
        Assert.Equal(PerWeek(closed, p => p.ClosedAt!.Value, ps => ps.Count(p => p.Status == PromiseStatus.Kept && !p.KeptOnTime)), Values(promises, "kept-late"));
        Assert.Equal(PerWeek(closed, p => p.ClosedAt!.Value, ps => ps.Count(p => p.Status == PromiseStatus.Broken)), Values(promises, "broken"));
        Assert.True(closed.Count > 20, "the seed closes enough promises to mean something");

        var csat = data.Feedback.Where(f => f.Scale == SurveyKind.Csat).ToList();
        Assert.Equal(PerWeek(csat, f => f.GivenAt, fs => fs.Count == 0 ? null : R(fs.Average(f => f.Score!.Value))),
            Values(await ChartAsync("csat", $"team={data.TeamId}&bucket=week"), "average"));
        var nps = data.Feedback.Where(f => f.Scale == SurveyKind.Nps).ToList();
        Assert.Equal(PerWeek(nps, f => f.GivenAt, fs => fs.Count == 0 ? null : R(100.0 * (fs.Count(f => f.Score >= 9) - fs.Count(f => f.Score <= 6)) / fs.Count)),
            Values(await ChartAsync("nps", $"team={data.TeamId}&bucket=week"), "nps"));

        var complaints = await ChartAsync("complaints", $"team={data.TeamId}&bucket=week");
        foreach (var cause in data.Complaints.GroupBy(c => c.Cause ?? "not-yet-known"))
        {
            Assert.Equal(PerWeek(cause, c => c.StartedAt, cs => cs.Count), Values(complaints, cause.Key));
        }

        Assert.Equal(data.Complaints.Select(c => c.Cause ?? "not-yet-known").Distinct().Order(), complaints["series"]!.AsArray().Select(s => s!.Str("key")).Order());

        var channels = await ChartAsync("channels", $"team={data.TeamId}&bucket=week");
        foreach (var channel in data.Conversations.GroupBy(c => c.LastChannel))
        {
            Assert.Equal(PerWeek(channel, c => c.CreatedAt, cs => cs.Count), Values(channels, channel.Key.ToString().ToLowerInvariant()));
        }

        // An agent's numbers are theirs alone.
        var agent = data.Agents[1];
        var agentsPromises = await ChartAsync("promises", $"team={data.TeamId}&agent={agent}&bucket=month");
        Assert.Equal(new double?[]
        {
            closed.Count(p => p.OwnerId == agent && p.Status == PromiseStatus.Broken && p.ClosedAt!.Value.Month == 1),
            closed.Count(p => p.OwnerId == agent && p.Status == PromiseStatus.Broken && p.ClosedAt!.Value.Month == 2),
        }, Values(agentsPromises, "broken"));

        // The backlog is what is open when the rollup ran, on the day it ran.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var backlog = await ChartAsync("backlog", $"team={data.TeamId}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", range: false);
        Assert.Equal(new double?[] { data.Conversations.Count(c => c.Status != ConversationStatus.Closed) }, Values(backlog, "conversations"));
        Assert.Equal(new double?[] { data.Cases.Count }, Values(backlog, "cases"));
    }

    [Fact]
    public async Task Days_weeks_and_months_begin_at_midnight_utc()
    {
        var teamId = Guid.CreateVersion7();
        var owner = (await app.CreateStaffAsync(Roles.Agent)).Id;
        var customer = Guid.Parse((await (await supervisor.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = $"Edges {Unique.Letters()}", kind = "external" })))
            .ExpectAsync(HttpStatusCode.Created)).Id());
        DateTime[] closings =
        [
            new(2026, 1, 11, 23, 59, 59, DateTimeKind.Utc), // Sunday: the week of 5 January
            new(2026, 1, 12, 0, 0, 0, DateTimeKind.Utc), // Monday: the next week
            new(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc), // January
            new(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), // February
        ];
        await app.WithDbAsync(async db =>
        {
            db.Teams.Add(new Team { Id = teamId, Name = $"Edges {Unique.Letters()}" });
            foreach (var at in closings)
            {
                var p = Promise.Make(customer, owner, "Edge", at.AddHours(1), null, TimeSpan.FromMinutes(5), owner, at.AddDays(-1), teamId: teamId);
                p.Keep(owner, null, at);
                db.Set<Promise>().Add(p);
            }

            await db.SaveChangesAsync();
        });
        await DashboardData.RollUpAsync(app, new DateOnly(2026, 1, 1));

        var byDay = await ChartAsync("promises", $"team={teamId}&from=2026-01-11&to=2026-01-12&bucket=day", range: false);
        Assert.Equal(new double?[] { 1, 1 }, Values(byDay, "kept-on-time"));
        var byWeek = await ChartAsync("promises", $"team={teamId}&from=2026-01-07&to=2026-02-01&bucket=week", range: false);
        Assert.Equal(["2026-01-07", "2026-01-12", "2026-01-19", "2026-01-26"], byWeek["periods"]!.AsArray().Select(p => p!.Str("from")));
        Assert.Equal("2026-01-11", byWeek["periods"]![0]!.Str("to")); // the first week is cut to the range
        Assert.Equal(new double?[] { 1, 1, 0, 2 }, Values(byWeek, "kept-on-time"));
        var byMonth = await ChartAsync("promises", $"team={teamId}&from=2026-01-01&to=2026-02-28&bucket=month", range: false);
        Assert.Equal(new double?[] { 3, 1 }, Values(byMonth, "kept-on-time"));

        await (await supervisor.GetAsync($"/api/v1/dashboards/promises?from=2026-02-01&to=2026-01-01")).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await supervisor.GetAsync($"/api/v1/dashboards/promises?bucket=fortnight")).ExpectProblemAsync(HttpStatusCode.BadRequest, "bucket");
        await (await supervisor.GetAsync($"/api/v1/dashboards/promises?from=2020-01-01&to=2026-01-01&bucket=day")).ExpectProblemAsync(HttpStatusCode.BadRequest, "bucket");
        await (await supervisor.GetAsync("/api/v1/dashboards/no-such-chart")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_agent_sees_their_own_and_their_teams_numbers_and_not_a_restricted_team_of_others()
    {
        var restricted = await DashboardData.SeedAsync(app, seed: 77, restricted: true);
        await DashboardData.RollUpAsync(app, DashboardData.From);
        var member = app.ClientWithToken(await app.IssueTokenAsync(restricted.Agents[0], "dashboards"));
        var outsiderUser = await app.CreateStaffAsync(Roles.Agent);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync(outsiderUser.Id, "dashboards"));

        await (await member.GetAsync($"/api/v1/dashboards/promises?{Range}&team={restricted.TeamId}")).ExpectAsync(HttpStatusCode.OK);
        await (await supervisor.GetAsync($"/api/v1/dashboards/promises?{Range}&team={restricted.TeamId}")).ExpectAsync(HttpStatusCode.OK);
        await (await outsider.GetAsync($"/api/v1/dashboards/promises?{Range}&team={restricted.TeamId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/dashboards/promises?{Range}&team={restricted.TeamId}&format=csv")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/dashboards/promises?{Range}&agent={restricted.Agents[0]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/dashboards/promises?{Range}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var own = await (await outsider.GetAsync($"/api/v1/dashboards/promises?{Range}&agent={outsiderUser.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(own["series"]!.AsArray(), s => Assert.All(s!["values"]!.AsArray(), v => Assert.Equal(0, v!.GetValue<double>())));

        var choices = await (await outsider.GetAsync("/api/v1/dashboards")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(choices["choices"]!["teams"]!.AsArray(), t => t!.Str("id") == restricted.TeamId.ToString());
        Assert.Equal([outsiderUser.Id.ToString()], choices["choices"]!["agents"]!.AsArray().Select(a => a!.Str("id")));
        Assert.False(choices["choices"]!["organisation"]!.GetValue<bool>());
        var organisation = await (await supervisor.GetAsync("/api/v1/dashboards")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(organisation["choices"]!["teams"]!.AsArray(), t => t!.Str("id") == restricted.TeamId.ToString());
    }

    [Fact]
    public async Task The_csv_holds_the_numbers_of_the_json()
    {
        var data = await DashboardData.SeedAsync(app, seed: 5150);
        await DashboardData.RollUpAsync(app, DashboardData.From);
        foreach (var chart in new[] { "promises", "nps", "first-response", "channels" })
        {
            var url = $"/api/v1/dashboards/{chart}?{Range}&team={data.TeamId}&bucket=week";
            var json = await ChartAsync(chart, $"team={data.TeamId}&bucket=week");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/csv");
            var byAccept = await supervisor.SendAsync(request);
            Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
            var byFormat = await (await supervisor.GetAsync(url + "&format=csv")).Content.ReadAsStringAsync();
            var csv = await byAccept.Content.ReadAsStringAsync();
            Assert.Equal(csv, byFormat);

            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
            var series = json["series"]!.AsArray();
            Assert.Equal(["from (UTC)", "to (UTC)", .. series.Select(s => s!.Str("label"))], lines[0]);
            var periods = json["periods"]!.AsArray();
            Assert.Equal(periods.Count + 1, lines.Count);
            for (var i = 0; i < periods.Count; i++)
            {
                Assert.Equal(periods[i]!.Str("from"), lines[i + 1][0]);
                Assert.Equal(periods[i]!.Str("to"), lines[i + 1][1]);
                for (var s = 0; s < series.Count; s++)
                {
                    var value = series[s]!["values"]![i];
                    Assert.Equal(value is null ? "" : value.GetValue<double>().ToString(CultureInfo.InvariantCulture), lines[i + 1][s + 2]);
                }
            }
        }
    }

    [Fact]
    public async Task Every_chart_read_at_once_is_what_each_chart_read_alone_is()
    {
        var data = await DashboardData.SeedAsync(app, seed: 7321);
        await DashboardData.RollUpAsync(app, DashboardData.From);
        using var scope = app.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ChartQueries>();
        var team = new DashboardScope(data.TeamId, null);

        var together = await queries.ReadAsync(Charts.All, DashboardData.From, DashboardData.To, ChartBucket.Week, team, default);

        Assert.Equal(Charts.All.Select(c => c.Name), together.Select(c => c.Chart));
        Assert.Contains(together, c => c.Series.Any(s => s.Values.Any(v => v is > 0))); // not all empty
        foreach (var (chart, read) in Charts.All.Zip(together))
        {
            var alone = await queries.ReadAsync(chart, DashboardData.From, DashboardData.To, ChartBucket.Week, team, default);
            Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(read));
        }
    }

    private async Task<JsonNode> ChartAsync(string chart, string query, bool range = true) =>
        await (await supervisor.GetAsync($"/api/v1/dashboards/{chart}?{(range ? Range + "&" : "")}{query}")).ExpectAsync(HttpStatusCode.OK);

    private static List<double?> Values(JsonNode chart, string series) =>
        chart["series"]!.AsArray().Single(s => s!.Str("key") == series)!["values"]!.AsArray().Select(v => v?.GetValue<double>()).ToList();
}

public sealed class DashboardTestsOnSqlite(SqliteRapportFactory app) : DashboardTests<SqliteRapportFactory>(app);

public sealed class DashboardTestsOnPostgres(PostgresRapportFactory app) : DashboardTests<PostgresRapportFactory>(app);
