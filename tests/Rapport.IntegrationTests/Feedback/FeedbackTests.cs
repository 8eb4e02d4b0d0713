using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Feedback;

/// <summary>
/// Feedback from sources other than surveys (standard 001: verbal responses, letters, reviews, service audits), the
/// feed's filters, themes with counts and trend, and improvement ideas from proposed to done with who acted.
/// </summary>
public abstract class FeedbackTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Staff_log_feedback_from_other_sources_and_the_feed_filters_it()
    {
        var customer = await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(agent);
        var words = $"Your letter was clear {Unique.Letters()}";
        var letter = await (await Log(new { source = "letter", text = words, score = 2, scale = "csat", customerId = customer.Id(), themes = new[] { "  Letters  Clarity " } }))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("letter", letter.Str("source"));
        Assert.Equal("negative", letter.Str("rating"));
        Assert.Equal("Agent Tester", letter.Str("recordedByName"));
        Assert.Equal(["letters clarity"], letter["themes"]!.AsArray().Select(t => t!.GetValue<string>()));
        var audit = await (await Log(new { source = "serviceAudit", text = "Mystery shopper: greeted by name", score = 9, scale = "nps" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("positive", audit.Str("rating"));
        Assert.Null(audit["customerId"]);

        await (await Log(new { source = "survey", text = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "source");
        await (await Log(new { source = "verbal", score = 6 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "score");
        await (await Log(new { source = "verbal" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await Log(new { source = "verbal", text = "x", caseId = Guid.NewGuid() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        await (await Log(new { source = "verbal", text = "x", customerId = Guid.NewGuid() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "customerId");
        await (await Log(new { source = "verbal", text = "x", givenAt = Iso(app.Clock.GetUtcNow().AddDays(2)) })).ExpectProblemAsync(HttpStatusCode.BadRequest, "givenAt");
        await (await Log(new { source = "pigeon", text = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await app.ClientAs(Roles.Auditor).PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "verbal", text = "x" })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);

        var letters = await Feed("?source=letter&limit=200");
        Assert.Contains(letters, f => f!.Id() == letter.Id());
        Assert.DoesNotContain(letters, f => f!.Str("source") != "letter");
        Assert.Contains(await Feed($"?customerId={customer.Id()}"), f => f!.Str("text") == words);
        Assert.DoesNotContain(await Feed("?rating=positive&limit=200"), f => f!.Id() == letter.Id());
        Assert.Contains(await Feed("?maxScore=2&limit=200"), f => f!.Id() == letter.Id());
        Assert.Single(await Feed("?theme=LETTERS%20CLARITY&limit=200"), f => f!.Id() == letter.Id());
        await (await agent.GetAsync("/api/v1/feedback?rating=great")).ExpectProblemAsync(HttpStatusCode.BadRequest, "rating");
        await (await agent.GetAsync("/api/v1/feedback?minScore=5&maxScore=1")).ExpectProblemAsync(HttpStatusCode.BadRequest, "maxScore");
        await (await agent.GetAsync($"/api/v1/feedback/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        var retagged = await (await agent.PutAsync($"/api/v1/feedback/{letter.Id()}/themes", Requests.JsonBody(new { themes = new[] { "tone", "Tone", "speed" } })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["speed", "tone"], retagged["themes"]!.AsArray().Select(t => t!.GetValue<string>()));
        await (await agent.PutAsync($"/api/v1/feedback/{letter.Id()}/themes", Requests.JsonBody(new { themes = new[] { new string('x', 51) } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "themes");
    }

    [Fact]
    public async Task Themes_are_counted_in_the_period_and_the_one_before_with_their_trend()
    {
        var (waiting, tone) = ($"waiting {Unique.Letters()}", $"tone {Unique.Letters()}");
        var now = app.Clock.GetUtcNow();
        await (await Log(new { source = "verbal", text = "Held for ages", themes = new[] { waiting, tone } })).ExpectAsync(HttpStatusCode.Created);
        await (await Log(new { source = "review", text = "Slow again", score = 1, themes = new[] { waiting } })).ExpectAsync(HttpStatusCode.Created);
        await (await Log(new { source = "letter", text = "Long wait last month", givenAt = Iso(now.AddDays(-40)), themes = new[] { waiting, tone } }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await Log(new { source = "letter", text = "Rude, last month", givenAt = Iso(now.AddDays(-45)), themes = new[] { tone } })).ExpectAsync(HttpStatusCode.Created);
        await (await Log(new { source = "letter", text = "Too old to count", givenAt = Iso(now.AddDays(-70)), themes = new[] { waiting } })).ExpectAsync(HttpStatusCode.Created);

        var themes = await (await agent.GetAsync($"/api/v1/feedback/themes?from={Iso(now.AddDays(-30))}&to={Iso(now.AddMinutes(1))}"))
            .ExpectAsync(HttpStatusCode.OK);
        var rows = themes["themes"]!.AsArray();
        var w = rows.Single(t => t!.Str("theme") == waiting)!;
        Assert.Equal((2, 1, 1), (w["count"]!.GetValue<int>(), w["previousCount"]!.GetValue<int>(), w["change"]!.GetValue<int>()));
        var t = rows.Single(x => x!.Str("theme") == tone)!;
        Assert.Equal((1, 2, -1), (t["count"]!.GetValue<int>(), t["previousCount"]!.GetValue<int>(), t["change"]!.GetValue<int>()));

        var reviews = await (await agent.GetAsync($"/api/v1/feedback/themes?from={Iso(now.AddDays(-30))}&to={Iso(now.AddMinutes(1))}&source=review"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, reviews["themes"]!.AsArray().Single(x => x!.Str("theme") == waiting)!["count"]!.GetValue<int>());
        Assert.DoesNotContain(reviews["themes"]!.AsArray(), x => x!.Str("theme") == tone);
        await (await agent.GetAsync($"/api/v1/feedback/themes?from={Iso(now)}&to={Iso(now.AddDays(-1))}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task An_improvement_idea_goes_from_proposed_to_agreed_to_done_with_who_acted_and_is_audited()
    {
        var prompted = await (await Log(new { source = "verbal", text = "Nobody told me my parcel was late" })).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync("/api/v1/improvement-ideas", Requests.JsonBody(new { title = "x", feedbackIds = new[] { Guid.NewGuid() } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "feedbackIds");
        var idea = await (await agent.PostAsync("/api/v1/improvement-ideas", Requests.JsonBody(new
        {
            title = $"Text customers when a parcel is late {Unique.Letters()}",
            detail = "Send an SMS the moment the carrier reports a delay.",
            feedbackIds = new[] { prompted.Id() },
        }))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("proposed", idea.Str("status"));
        Assert.Equal([prompted.Id()], idea["feedbackIds"]!.AsArray().Select(f => f!.GetValue<string>()));

        await (await agent.PostAsync($"/api/v1/improvement-ideas/{idea.Id()}/done", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.PostAsync($"/api/v1/improvement-ideas/{idea.Id()}/agree", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var agreed = await (await supervisor.PostAsync($"/api/v1/improvement-ideas/{idea.Id()}/agree", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("agreed", agreed.Str("status"));
        Assert.Equal("Supervisor Tester", agreed.Str("agreedByName"));
        var done = await (await agent.PostAsync($"/api/v1/improvement-ideas/{idea.Id()}/done", Requests.JsonBody(new { outcome = "Carrier delays now trigger an SMS." })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("done", done.Str("status"));
        Assert.Equal("Agent Tester", done.Str("doneByName"));
        Assert.Equal("Carrier delays now trigger an SMS.", done.Str("outcome"));
        await (await agent.PostAsync($"/api/v1/improvement-ideas/{idea.Id()}/done", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.PostAsync($"/api/v1/improvement-ideas/{Guid.NewGuid()}/done", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.NotFound);

        var listed = await (await agent.GetAsync("/api/v1/improvement-ideas?status=done")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(listed.AsArray(), i => i!.Id() == idea.Id());
        var id = idea.Id();
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == id).Select(e => e.Action).ToListAsync());
        Assert.Contains("improvementIdea.added", actions);
        Assert.Equal(2, actions.Count(a => a == "improvementIdea.updated"));
        Assert.Contains("improvementIdeaFeedback.added", actions);
    }

    private Task<HttpResponseMessage> Log(object body) => agent.PostAsync("/api/v1/feedback", Requests.JsonBody(body));

    private async Task<JsonArray> Feed(string query) =>
        (await (await agent.GetAsync("/api/v1/feedback" + query)).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
}

public sealed class FeedbackTestsOnSqlite(SqliteRapportFactory app) : FeedbackTests<SqliteRapportFactory>(app);

public sealed class FeedbackTestsOnPostgres(PostgresRapportFactory app) : FeedbackTests<PostgresRapportFactory>(app);
