using System.Text.Json.Nodes;
using Rapport.Features.Competence;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Competence;

/// <summary>
/// Competence evidence (C27): the portfolio lists every criterion of the five standards, each evidenced by the records
/// of the person's real work that bear on it (with links) or shown as a gap; a person reads their own, a supervisor
/// their team's, administrators and auditors everyone's.
/// </summary>
public abstract class PortfolioTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    [Fact]
    public async Task The_portfolio_lists_each_criterion_of_the_five_standards_with_its_evidence_and_gaps()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        var agent = app.ClientWithToken(await app.IssueTokenAsync(user.Id, "portfolio"));
        var colleague = await app.CreateStaffAsync(Roles.Agent);
        var received = await Inbound.AnEmail().Subject($"Refund {Unique.Letters()}").Text("Where is my refund?").ReceiveAsync(admin);
        var customerId = received.CustomerId();

        var what = $"call you back about the refund {Unique.Letters()}";
        var promise = await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { customerId, what, dueAt = "2099-01-01T10:00:00Z" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/promises/{promise.Id()}/kept", Requests.JsonBody(new { }))).ExpectAsync(HttpStatusCode.OK);
        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "Refund" })))
            .ExpectAsync(HttpStatusCode.Created);
        var reason = $"Refunds are the billing team's {Unique.Letters()}";
        var referral = await (await agent.PostAsync("/api/v1/referrals", Requests.JsonBody(new { caseId = theCase["case"]!.Id(), toUserId = colleague.Id, reason })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/consents", Requests.JsonBody(new
        {
            purpose = "surveys",
            decision = "given",
            basis = "consent",
            source = "agent",
            wording = "May we ask you about our service?",
        }))).ExpectAsync(HttpStatusCode.Created);
        var scores = Enumerable.Range(1, 10).Select(i => new { key = $"000-B{i}", rating = i == 1 ? "met" : "notMet" }).ToArray();
        var review = await (await supervisor.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(new { conversationId = received.ConversationId(), agentId = user.Id, scores })))
            .ExpectAsync(HttpStatusCode.Created);

        var said = $"The refund took too long {Unique.Letters()}";
        var feedback = await (await agent.PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "verbal", text = said, customerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var idea = $"Refund within a week {Unique.Letters()}";
        var proposed = await (await agent.PostAsync("/api/v1/improvement-ideas", Requests.JsonBody(new { title = idea, feedbackIds = new[] { feedback.Id() } })))
            .ExpectAsync(HttpStatusCode.Created);

        var portfolio = await (await agent.GetAsync($"/api/v1/staff/{user.Id}/portfolio")).ExpectAsync(HttpStatusCode.OK);

        var criteria = portfolio["standards"]!.AsArray().SelectMany(s => s!["items"]!.AsArray()).ToDictionary(c => c!.Str("id"), c => c!);
        Assert.Equal(["000", "001", "002", "003", "004"], portfolio["standards"]!.AsArray().Select(s => s!.Str("standard")));
        Assert.Equal(StandardCriteria.All.Select(c => c.Id), criteria.Keys);
        Assert.Equal(StandardCriteria.All.Select(c => c.Text), criteria.Values.Select(c => c.Str("text")));
        Assert.Equal(criteria.Count, portfolio["evidenced"]!.GetValue<int>() + portfolio["gaps"]!.GetValue<int>());

        AssertEvidenced(criteria["000-PC15"], "promisesKeptOnTime", promise.Id(), what); // undertakings within the timescale
        AssertEvidenced(criteria["000-PC14"], "referralsWithReasons", referral.Id(), reason); // referral with the reason explained
        AssertEvidenced(criteria["000-PC3"], "consentAsked", null, "surveys");
        AssertEvidenced(criteria["000-PC2"], "qualityReviews", review.Id(), "000-B1"); // greeting: B1 was met
        Assert.False(criteria["000-PC13"]["evidenced"]!.GetValue<bool>()); // B6 was not met: a review alone is no evidence
        AssertEvidenced(criteria["004-PC13"], "feedbackActedOn", proposed.Id(), idea); // new ways of helping, from feedback
        AssertEvidenced(criteria["004-PC12"], "feedbackActedOn", feedback.Id(), said); // feedback shared with colleagues

        // Outside the range the same work evidences nothing.
        var earlier = await (await agent.GetAsync($"/api/v1/staff/{user.Id}/portfolio?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, earlier["evidenced"]!.GetValue<int>());
        await (await agent.GetAsync($"/api/v1/staff/{user.Id}/portfolio?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
    }

    private static void AssertEvidenced(JsonNode criterion, string kind, string? recordId, string words)
    {
        Assert.True(criterion["evidenced"]!.GetValue<bool>(), $"{criterion.Str("id")} should be evidenced by {kind}");
        var evidence = criterion["evidence"]!.AsArray().Where(e => e!.Str("kind") == kind).ToList();
        Assert.All(evidence, e => Assert.True(e!["count"]!.GetValue<int>() >= 1));
        var record = evidence.SelectMany(e => e!["records"]!.AsArray()).First(r => recordId is null || r!.Str("id") == recordId)!;
        Assert.Contains(words, record.Str("summary"), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/", record.Str("link"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_reads_their_own_portfolio_a_supervisor_their_teams_and_nobody_else_anyones()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        var other = app.ClientWithToken(await app.IssueTokenAsync((await app.CreateStaffAsync(Roles.Agent)).Id, "other"));
        var supervisorUser = await app.CreateStaffAsync(Roles.Supervisor);
        var teamLead = app.ClientWithToken(await app.IssueTokenAsync(supervisorUser.Id, "lead"));
        var url = $"/api/v1/staff/{user.Id}/portfolio";

        await (await other.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await teamLead.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await app.ClientAs(Roles.Auditor).GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/v1/staff/{Guid.NewGuid()}/portfolio")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Bookings {Unique.Letters()}" }))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { user.Id, supervisorUser.Id } })))
            .ExpectAsync(HttpStatusCode.OK);
        var read = await (await teamLead.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(StandardCriteria.All.Count, read["criteria"]!.GetValue<int>());
    }
}

public sealed class PortfolioTestsOnSqlite(SqliteRapportFactory app) : PortfolioTests<SqliteRapportFactory>(app);

public sealed class PortfolioTestsOnPostgres(PostgresRapportFactory app) : PortfolioTests<PostgresRapportFactory>(app);
