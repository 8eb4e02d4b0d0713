using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Quality;

namespace Rapport.IntegrationTests.Quality;

/// <summary>
/// Quality reviews (C26): a weighted score from a scorecard; the weekly sample is reproducible and draws only from the
/// conversations the agent replied to; the agent reads, comments on and acknowledges their review (audited); a
/// calibration session hides the other reviewers' scores until you submit yours, then shows where you disagreed.
/// </summary>
public abstract class QualityReviewTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    private async Task<(Guid Id, HttpClient Client)> StaffAsync(string role)
    {
        var user = await app.CreateStaffAsync(role);
        return (user.Id, app.ClientWithToken(await app.IssueTokenAsync(user.Id, "quality tests")));
    }

    private async Task<string> AConversationAsync() =>
        (await Inbound.AnEmail().Subject($"Booking {Unique.Letters()}").Text("Can you move my booking?").ReceiveAsync(admin)).ConversationId();

    private async Task<string> AScorecardAsync() =>
        (await (await supervisor.PostAsync("/api/v1/quality/scorecards", Requests.JsonBody(new
        {
            name = $"Card {Unique.Letters()}",
            items = new object[]
            {
                new { key = "greet", label = "Greets the customer", weight = 3 },
                new { key = "jargon", label = "Avoids jargon", weight = 1 },
                new { key = "empathy", label = "Shows empathy", weight = 2 },
                new { key = "listen", label = "Listens to the complaint", weight = 5, complaintsOnly = true },
            },
        }))).ExpectAsync(HttpStatusCode.Created)).Id();

    private static object Scores(string greet, string jargon, string empathy) => new object[]
    {
        new { key = "greet", rating = greet, comment = "Warm greeting" },
        new { key = "jargon", rating = jargon, comment = "Said PNR twice" },
        new { key = "empathy", rating = empathy },
    };

    [Fact]
    public async Task The_default_scorecard_is_the_ten_behaviours_of_000_and_LAST_for_complaints()
    {
        var cards = (await (await supervisor.GetAsync("/api/v1/quality/scorecards")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var card = cards.Single(c => c!["isDefault"]!.GetValue<bool>())!;
        var items = card["items"]!.AsArray();

        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"000-B{i}"), "003-L", "003-A", "003-S", "003-T"], items.Select(i => i!.Str("key")));
        Assert.Equal(Rapport.Features.Competence.StandardCriteria.Behaviours000, items.Take(10).Select(i => i!.Str("label")));
        Assert.All(items.Skip(10), i => Assert.True(i!["complaintsOnly"]!.GetValue<bool>()));
        await (await app.ClientAs(Roles.Agent).PostAsync("/api/v1/quality/scorecards", Requests.JsonBody(new { name = "x", items = Array.Empty<object>() })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_review_has_the_weighted_score_and_complaint_only_items_are_na_outside_complaints()
    {
        var (agentId, _) = await StaffAsync(Roles.Agent);
        var card = await AScorecardAsync();
        var conversation = await AConversationAsync();

        var review = await (await supervisor.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(new
        {
            conversationId = conversation,
            agentId,
            scorecardId = card,
            scores = Scores("met", "notMet", "partly"),
            summary = "Good call overall",
        }))).ExpectAsync(HttpStatusCode.Created);

        // (3×1 + 1×0 + 2×½) / (3 + 1 + 2): the complaint-only item (weight 5) is n/a on a conversation that is not a complaint.
        Assert.Equal(66.7, review["score"]!.GetValue<double>());
        Assert.Equal("notApplicable", review["items"]!.AsArray().Single(i => i!.Str("key") == "listen")!.Str("rating"));
        Assert.Equal("Said PNR twice", review["items"]!.AsArray().Single(i => i!.Str("key") == "jargon")!.Str("comment"));
        Assert.Equal("chosen", review.Str("origin"));

        // Changing the scorecard later does not rewrite the score given.
        await (await supervisor.PutAsync($"/api/v1/quality/scorecards/{card}", Requests.JsonBody(new
        {
            name = "Changed",
            items = new[] { new { key = "greet", label = "Greets", weight = 10 } },
        }))).ExpectAsync(HttpStatusCode.OK);
        var again = await (await supervisor.GetAsync($"/api/v1/quality/reviews/{review.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(66.7, again["score"]!.GetValue<double>());
        Assert.Equal(4, again["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bad_reviews_are_refused_naming_the_field()
    {
        var (agentId, _) = await StaffAsync(Roles.Agent);
        var card = await AScorecardAsync();
        var conversation = await AConversationAsync();
        async Task Refused(object body, string field) =>
            await (await supervisor.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);

        await Refused(new { conversationId = conversation, agentId, scorecardId = card, scores = new[] { new { key = "greet", rating = "met" } } }, "scores");
        await Refused(new { conversationId = conversation, agentId, scorecardId = card, scores = new[] { new { key = "nope", rating = "met" } } }, "scores[0].key");
        await Refused(new { conversationId = Guid.NewGuid(), agentId, scorecardId = card, scores = Scores("met", "met", "met") }, "conversationId");
        await Refused(new { conversationId = conversation, agentId = Guid.NewGuid(), scorecardId = card, scores = Scores("met", "met", "met") }, "agentId");
        await Refused(new { conversationId = conversation, agentId, scorecardId = card, sampledWeek = "2026-06-02", scores = Scores("met", "met", "met") }, "sampledWeek");
        await Refused(new { conversationId = conversation, agentId, scorecardId = card, scores = new[] { new { key = "greet", rating = "great" } } }, "scores[0].rating");
    }

    [Fact]
    public async Task The_weekly_sample_is_reproducible_and_only_draws_conversations_the_agent_replied_to_that_week()
    {
        var (agentId, _) = await StaffAsync(Roles.Agent);
        var (otherId, _) = await StaffAsync(Roles.Agent);
        var week = new DateOnly(2026, 6, 1);
        var monday = week.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var replied = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var c = Guid.Parse(await AConversationAsync());
            replied.Add(c);
            await ReplyAsync(c, agentId, monday.AddDays(i).AddHours(10));
        }

        var notThatWeek = Guid.Parse(await AConversationAsync());
        await ReplyAsync(notThatWeek, agentId, monday.AddDays(7));
        var onlyANote = Guid.Parse(await AConversationAsync());
        await ReplyAsync(onlyANote, agentId, monday.AddHours(11), MessageDirection.Note);
        var colleagues = Guid.Parse(await AConversationAsync());
        await ReplyAsync(colleagues, otherId, monday.AddHours(12));

        var first = await SampleAsync(agentId, week, 3);
        var second = await SampleAsync(agentId, week, 3);

        Assert.Equal(6, first["candidates"]!.GetValue<int>());
        var drawn = first["conversations"]!.AsArray().Select(c => Guid.Parse(c!.Str("conversationId"))).ToList();
        Assert.Equal(3, drawn.Distinct().Count());
        Assert.All(drawn, c => Assert.Contains(c, replied));
        Assert.Equal(drawn, second["conversations"]!.AsArray().Select(c => Guid.Parse(c!.Str("conversationId"))));
        // The draw is the seeded one: the week and the agent decide it, nothing else.
        Assert.Equal(WeeklySample.Draw(replied.Order().ToList(), 3, WeeklySample.Seed(week, agentId)), drawn);
        var all = await (await supervisor.GetAsync("/api/v1/quality/sample?week=2026-06-01&perAgent=20")).ExpectAsync(HttpStatusCode.OK);
        var others = all["agents"]!.AsArray().Single(a => a!.Str("agentId") == otherId.ToString())!;
        Assert.Equal([colleagues], others["conversations"]!.AsArray().Select(c => Guid.Parse(c!.Str("conversationId"))));

        await (await supervisor.GetAsync("/api/v1/quality/sample?week=2026-06-02")).ExpectProblemAsync(HttpStatusCode.BadRequest, "week");
        await (await supervisor.GetAsync("/api/v1/quality/sample?week=2026-06-01&perAgent=0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "perAgent");
        await (await app.ClientAs(Roles.Agent).GetAsync("/api/v1/quality/sample")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<JsonNode> SampleAsync(Guid agentId, DateOnly week, int perAgent)
    {
        var sample = await (await supervisor.GetAsync($"/api/v1/quality/sample?week={week:yyyy-MM-dd}&perAgent={perAgent}&agentId={agentId}"))
            .ExpectAsync(HttpStatusCode.OK);
        return sample["agents"]!.AsArray().Single()!;
    }

    /// <summary>A message from the agent, stored as sent on that day (the reply path would stamp it with the test clock's now).</summary>
    private Task ReplyAsync(Guid conversationId, Guid agentId, DateTime at, MessageDirection direction = MessageDirection.Outbound) =>
        app.WithDbAsync(async db =>
        {
            var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId);
            db.Messages.Add(new Message
            {
                ConversationId = conversationId,
                CustomerId = conversation.CustomerId,
                Direction = direction,
                Channel = Channel.Email,
                From = "support@rapport.test",
                Text = "Your booking is moved.",
                At = at,
                StoredAt = at,
                AuthorId = agentId,
                AuthorName = "Agent Tester",
            });
            await db.SaveChangesAsync();
        });

    [Fact]
    public async Task The_agent_reads_comments_on_and_acknowledges_their_review_and_the_acknowledgement_is_audited()
    {
        var (agentId, agent) = await StaffAsync(Roles.Agent);
        var (_, colleague) = await StaffAsync(Roles.Agent);
        var card = await AScorecardAsync();
        var review = await (await supervisor.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(new
        {
            conversationId = await AConversationAsync(),
            agentId,
            scorecardId = card,
            scores = Scores("met", "partly", "met"),
        }))).ExpectAsync(HttpStatusCode.Created);
        var id = review.Id();

        var mine = await (await agent.GetAsync("/api/v1/quality/reviews?agent=me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(mine["items"]!.AsArray())!.Id());
        await (await colleague.GetAsync($"/api/v1/quality/reviews/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await colleague.GetAsync($"/api/v1/quality/reviews?agent={agentId}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
        await (await colleague.PostAsync($"/api/v1/quality/reviews/{id}/acknowledge", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await supervisor.PostAsync($"/api/v1/quality/reviews/{id}/acknowledge", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");

        var words = $"I did explain the fare rules {Unique.Letters()}";
        var commented = await (await agent.PostAsync($"/api/v1/quality/reviews/{id}/comments", Requests.JsonBody(new { text = words })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(words, Assert.Single(commented["comments"]!.AsArray())!.Str("text"));
        Assert.Null(commented["acknowledgedAt"]);

        var acknowledged = await (await agent.PostAsync($"/api/v1/quality/reviews/{id}/acknowledge", null)).ExpectAsync(HttpStatusCode.OK);
        var at = acknowledged["acknowledgedAt"]!.GetValue<DateTime>();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var twice = await (await agent.PostAsync($"/api/v1/quality/reviews/{id}/acknowledge", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(at, twice["acknowledgedAt"]!.GetValue<DateTime>());

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectType == "review" && e.SubjectId == id).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Contains(audit, e => e.Changes.Contains("AcknowledgedAt", StringComparison.OrdinalIgnoreCase) && e.ActorId == agentId.ToString());
        Assert.Contains(audit, e => e.Changes.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_calibration_session_hides_the_others_scores_until_you_submit_then_shows_the_disagreement()
    {
        var (agentId, agent) = await StaffAsync(Roles.Agent);
        var (_, second) = await StaffAsync(Roles.Supervisor);
        var card = await AScorecardAsync();
        var session = await (await supervisor.PostAsync("/api/v1/quality/calibrations", Requests.JsonBody(new
        {
            conversationId = await AConversationAsync(),
            agentId,
            scorecardId = card,
            purpose = "Do we agree on jargon?",
        }))).ExpectAsync(HttpStatusCode.Created);
        var id = session.Id();

        var mine = await (await supervisor.PostAsync($"/api/v1/quality/calibrations/{id}/scores", Requests.JsonBody(new { scores = Scores("met", "met", "met") })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100.0, Assert.Single(mine["scores"]!.AsArray())!["score"]!.GetValue<double>());

        var before = await (await second.GetAsync($"/api/v1/quality/calibrations/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, before["submitted"]!.GetValue<int>());
        Assert.False(before["youSubmitted"]!.GetValue<bool>());
        Assert.Empty(before["scores"]!.AsArray());
        Assert.Empty(before["items"]!.AsArray());
        Assert.Null(before["overallSpread"]);
        var firstReview = Assert.Single((await app.WithDbAsync(db => db.Set<Review>().Where(r => r.CalibrationId == Guid.Parse(id)).Select(r => r.Id).ToListAsync())));
        await (await second.GetAsync($"/api/v1/quality/reviews/{firstReview}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var after = await (await second.PostAsync($"/api/v1/quality/calibrations/{id}/scores", Requests.JsonBody(new { scores = Scores("met", "notMet", "partly") })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, after["scores"]!.AsArray().Count);
        var items = after["items"]!.AsArray().ToDictionary(i => i!.Str("key"), i => i!);
        Assert.Equal(0.0, items["greet"]["spread"]!.GetValue<double>());
        Assert.Equal(1.0, items["jargon"]["spread"]!.GetValue<double>());
        Assert.Equal(0.5, items["empathy"]["spread"]!.GetValue<double>());
        Assert.Null(items["listen"]["spread"]); // n/a for both: nothing to disagree on
        Assert.Equal(33.3, after["overallSpread"]!.GetValue<double>()); // 100 against 66.7

        await (await second.PostAsync($"/api/v1/quality/calibrations/{id}/scores", Requests.JsonBody(new { scores = Scores("met", "met", "met") })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        // Calibration scores are the reviewers' exercise, not the agent's record.
        Assert.Empty((await (await agent.GetAsync("/api/v1/quality/reviews?agent=me")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_review_of_a_restricted_teams_conversation_follows_the_conversations_rule()
    {
        var (agentId, agent) = await StaffAsync(Roles.Agent);
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Fraud {Unique.Letters()}", restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        var conversation = await AConversationAsync();
        await (await admin.PostAsync($"/api/v1/conversations/{conversation}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var review = await (await supervisor.PostAsync("/api/v1/quality/reviews", Requests.JsonBody(new
        {
            conversationId = conversation,
            agentId,
            scorecardId = await AScorecardAsync(),
            scores = Scores("met", "met", "met"),
        }))).ExpectAsync(HttpStatusCode.Created);

        // The agent is not a member of the team: their own review of that conversation is hidden with it.
        await (await agent.GetAsync($"/api/v1/quality/reviews/{review.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await agent.GetAsync("/api/v1/quality/reviews?agent=me")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());

        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { agentId } }))).ExpectAsync(HttpStatusCode.OK);
        await (await agent.GetAsync($"/api/v1/quality/reviews/{review.Id()}")).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class QualityReviewTestsOnSqlite(SqliteRapportFactory app) : QualityReviewTests<SqliteRapportFactory>(app);

public sealed class QualityReviewTestsOnPostgres(PostgresRapportFactory app) : QualityReviewTests<PostgresRapportFactory>(app);
