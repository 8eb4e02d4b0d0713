using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Knowledge;

/// <summary>
/// The knowledge base (C17) through the API on each database: ranked full-text search, every change kept with who and
/// why, reviews flagged once overdue, internal articles never inserted into replies, and use counted by inserts and case links.
/// </summary>
public abstract class KnowledgeTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Articles = "/api/v1/knowledge/articles";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static string AWord() => "kb" + Unique.Letters()[..12];

    private DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private async Task<JsonNode> CreateAsync(string title, string answer, string body = "", string audience = "customer", Guid? ownerId = null,
        DateOnly? reviewBy = null, string? includes = null, HttpClient? by = null) =>
        await (await (by ?? supervisor).PostAsync(Articles, Requests.JsonBody(new
        {
            title,
            answer,
            body,
            includes,
            audience,
            ownerId,
            reviewBy = reviewBy ?? Today.AddMonths(6),
        }))).ExpectAsync(HttpStatusCode.Created);

    private async Task<JsonArray> SearchAsync(string query, HttpClient? by = null) =>
        (await (await (by ?? agent).GetAsync($"{Articles}?{query}")).ExpectAsync(HttpStatusCode.OK)).AsArray();

    private static object Edit(JsonNode a, string? reason, string? answer = null, Guid? ownerId = null) => new
    {
        title = a.Str("title"),
        answer = answer ?? a.Str("answer"),
        body = a.Str("body"),
        audience = a.Str("audience"),
        ownerId = ownerId ?? Guid.Parse(a.Str("ownerId")),
        reviewBy = a.Str("reviewBy"),
        reason,
    };

    [Fact]
    public async Task Search_ranks_a_title_match_above_an_answer_match_above_a_body_match()
    {
        var word = AWord();
        const string filler = "Guests often ask about this at reception and on the phone before they travel.";
        var inBody = await CreateAsync("Parking", "Parking is free for guests.", $"{filler} The {word} is next to the car park.");
        var inTitle = await CreateAsync($"The {word} service", "Ask reception.", filler);
        var inAnswer = await CreateAsync("Spa", $"Our {word} opens at 7am.", filler);

        var hits = await SearchAsync($"q={word}");

        Assert.Equal([inTitle.Id(), inAnswer.Id(), inBody.Id()], hits.Select(h => h!.Id()));
        Assert.Contains($"<mark>{word}</mark>", hits[2]!.Str("snippet"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_word_must_match_unless_no_article_has_them_all_and_structured_fields_are_searched()
    {
        var word = AWord();
        var other = AWord();
        var both = await CreateAsync($"Airport {word}", "Book 48 hours ahead.", includes: $"Meet and greet {other}");
        var one = await CreateAsync($"Station {word}", "Book 24 hours ahead.");

        Assert.Equal([both.Id()], (await SearchAsync($"q={word}+{other}")).Select(h => h!.Id()));
        // A question in full: "nothing" matches no article, so articles with any of the words come back, the best first.
        var question = await SearchAsync($"q={word}+nothingmatchesthis+{other}");
        Assert.Equal([both.Id(), one.Id()], question.Select(h => h!.Id()));
    }

    [Fact]
    public async Task Internal_articles_are_found_by_staff_but_left_out_for_customers_and_never_inserted_into_a_reply()
    {
        var word = AWord();
        var inside = await CreateAsync($"Goodwill {word}", "Up to £30 without approval.", audience: "internal");
        var outside = await CreateAsync($"Checkout {word}", "Until 2pm for £25.");

        Assert.Equal(2, (await SearchAsync($"q={word}")).Count);
        Assert.Equal([outside.Id()], (await SearchAsync($"q={word}&audience=customer")).Select(h => h!.Id()));
        Assert.Equal([inside.Id()], (await SearchAsync($"q={word}&audience=internal")).Select(h => h!.Id()));
        await (await agent.PostAsync($"{Articles}/{inside.Id()}/insert", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "audience");
        var inserted = await (await agent.PostAsync($"{Articles}/{outside.Id()}/insert", Requests.JsonBody(new { }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Until 2pm for £25.", inserted.Str("text"));
    }

    [Fact]
    public async Task Markdown_is_rendered_without_script_or_javascript_links()
    {
        var article = await CreateAsync($"Pets {AWord()}", "Dogs welcome.",
            "## Dogs\n<script>alert('x')</script>\n\n[terms](javascript:alert(1)) and [map](https://example.com/map)");

        var read = await (await agent.GetAsync($"{Articles}/{article.Id()}")).ExpectAsync(HttpStatusCode.OK);

        var html = read.Str("bodyHtml");
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/map\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script>", read.Str("body"), StringComparison.Ordinal); // the Markdown as written is kept
    }

    [Fact]
    public async Task Every_change_is_kept_with_who_when_and_why_and_an_edit_without_a_reason_is_refused()
    {
        var article = await CreateAsync($"Transfers {AWord()}", "£45 for up to 3 people.");
        var id = article.Id();

        await (await supervisor.PutAsync($"{Articles}/{id}", Requests.JsonBody(Edit(article, reason: null, answer: "£50."))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var response = await supervisor.GetAsync($"{Articles}/{id}");
        var etag = response.Headers.ETag!.Tag;
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var edited = await (await supervisor.SendAsync(HttpMethod.Put, $"{Articles}/{id}", Requests.JsonBody(Edit(article, "Supplier raised prices", answer: "£50 for up to 3 people.")),
            h => h.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag)))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, edited["revision"]!.GetValue<int>());
        // The ETag read before the edit is stale now.
        await (await supervisor.SendAsync(HttpMethod.Put, $"{Articles}/{id}", Requests.JsonBody(Edit(article, "Again", answer: "£55.")),
            h => h.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag)))).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await supervisor.PostAsync($"{Articles}/{id}/archive", Requests.JsonBody(new { reason = "Service withdrawn" }))).ExpectAsync(HttpStatusCode.OK);

        var history = (await (await agent.GetAsync($"{Articles}/{id}/history")).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Equal([3, 2, 1], history.Select(r => r!["number"]!.GetValue<int>()));
        Assert.Equal(["Service withdrawn", "Supplier raised prices", "Created"], history.Select(r => r!.Str("reason")));
        Assert.Equal(["answer"], history[1]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("£50 for up to 3 people.", history[1]!.Str("answer"));
        Assert.Equal("£45 for up to 3 people.", history[2]!.Str("answer"));
        Assert.Equal("Supervisor Tester", history[1]!.Str("byName"));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, history[1]!["at"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.True(history[0]!["archived"]!.GetValue<bool>());
        Assert.Empty(await SearchAsync($"q={Uri.EscapeDataString(article.Str("title").Split(' ')[1])}"));
    }

    [Fact]
    public async Task The_owner_and_supervisors_edit_an_article_but_another_agent_may_not()
    {
        var owner = await app.CreateStaffAsync(Roles.Agent);
        var ownerClient = app.ClientWithToken(await app.IssueTokenAsync(owner.Id, "owner"));
        var article = await CreateAsync($"Accessible rooms {AWord()}", "Step-free rooms.", ownerId: owner.Id);

        await (await agent.PutAsync($"{Articles}/{article.Id()}", Requests.JsonBody(Edit(article, "Mine now", answer: "Other."))))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await ownerClient.PutAsync($"{Articles}/{article.Id()}", Requests.JsonBody(Edit(article, "Roll-in showers added", answer: "Step-free rooms with roll-in showers."))))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync(Articles, Requests.JsonBody(new { title = "Agents", answer = "cannot create", audience = "customer" })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var auditor = await app.CreateStaffAsync(Roles.Auditor);
        await (await supervisor.PostAsync(Articles, Requests.JsonBody(new { title = "T", answer = "A", audience = "customer", ownerId = auditor.Id })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "ownerId");
        await (await supervisor.PostAsync(Articles, Requests.JsonBody(new { title = "T", answer = "A" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "audience");
        await (await supervisor.PostAsync(Articles, Requests.JsonBody(new { title = "T", answer = "A", audience = "customer", reviewBy = Today.AddDays(-1) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reviewBy");
    }

    [Fact]
    public async Task An_article_past_its_review_date_is_flagged_wherever_it_is_used_and_listed_for_its_owner()
    {
        var owner = await app.CreateStaffAsync(Roles.Agent);
        var ownerClient = app.ClientWithToken(await app.IssueTokenAsync(owner.Id, "owner"));
        var word = AWord();
        var due = await CreateAsync($"Late checkout {word}", "Until 2pm.", ownerId: owner.Id, reviewBy: Today);
        var fresh = await CreateAsync($"Early checkin {word}", "From 11am.", ownerId: owner.Id, reviewBy: Today.AddMonths(3));
        Assert.DoesNotContain(await SearchAsync($"q={word}"), h => h!["reviewOverdue"]!.GetValue<bool>());

        app.Clock.Advance(TimeSpan.FromDays(1));

        var hits = await SearchAsync($"q={word}");
        Assert.True(hits.Single(h => h!.Id() == due.Id())!["reviewOverdue"]!.GetValue<bool>());
        Assert.False(hits.Single(h => h!.Id() == fresh.Id())!["reviewOverdue"]!.GetValue<bool>());
        Assert.True((await (await agent.GetAsync($"{Articles}/{due.Id()}")).ExpectAsync(HttpStatusCode.OK))["reviewOverdue"]!.GetValue<bool>());
        var inserted = await (await agent.PostAsync($"{Articles}/{due.Id()}/insert", Requests.JsonBody(new { }))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(inserted["reviewOverdue"]!.GetValue<bool>());

        var mine = (await (await ownerClient.GetAsync($"{Articles}/overdue-reviews")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var listed = Assert.Single(mine)!;
        Assert.Equal(due.Id(), listed.Id());
        Assert.Equal(1, listed["daysOverdue"]!.GetValue<int>());
        Assert.DoesNotContain((await (await agent.GetAsync($"{Articles}/overdue-reviews")).ExpectAsync(HttpStatusCode.OK)).AsArray(), o => o!.Id() == due.Id());
        Assert.Contains((await (await supervisor.GetAsync($"{Articles}/overdue-reviews?owner=all")).ExpectAsync(HttpStatusCode.OK)).AsArray(), o => o!.Id() == due.Id());
        await (await agent.GetAsync($"{Articles}/overdue-reviews?owner=all")).ExpectProblemAsync(HttpStatusCode.BadRequest, "owner");

        // Reviewed: the owner moves the date on, with a reason, and the flag goes.
        var reviewed = new { title = due.Str("title"), answer = due.Str("answer"), body = "", audience = "customer", ownerId = owner.Id, reviewBy = Today.AddMonths(6), reason = "Reviewed, still true" };
        await (await ownerClient.PutAsync($"{Articles}/{due.Id()}", Requests.JsonBody(reviewed))).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty((await (await ownerClient.GetAsync($"{Articles}/overdue-reviews")).ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Inserting_an_answer_on_a_conversation_with_a_case_links_the_article_and_use_is_counted()
    {
        var article = await CreateAsync($"Cancelling {AWord()}", "Free up to 42 days before departure.");
        var received = await Inbound.AnEmail().Subject("Cancel my holiday").Text("I need to cancel.").ReceiveAsync(admin);
        var theCase = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "Cancellation" })))
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = theCase["case"]!.Id();
        var otherCase = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = received.CustomerId(), title = "Refund" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();

        var inserted = await (await agent.PostAsync($"{Articles}/{article.Id()}/insert", Requests.JsonBody(new { conversationId = received.ConversationId() })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"{Articles}/{article.Id()}/insert", Requests.JsonBody(new { conversationId = received.ConversationId() })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"{Articles}/{article.Id()}/cases", Requests.JsonBody(new { caseId = otherCase }))).ExpectAsync(HttpStatusCode.OK);
        var again = await (await agent.PostAsync($"{Articles}/{article.Id()}/cases", Requests.JsonBody(new { caseId = otherCase }))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Free up to 42 days before departure.", inserted.Str("text"));
        Assert.Equal(caseId, inserted.Str("linkedCaseId"));
        Assert.Equal(2, again["use"]!["inserts"]!.GetValue<int>());
        Assert.Equal(2, again["use"]!["linkedCases"]!.GetValue<int>());
        var linked = (await (await agent.GetAsync($"{Articles}?caseId={caseId}")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal([article.Id()], linked.Select(a => a!.Id()));
        await (await agent.PostAsync($"{Articles}/{article.Id()}/cases", Requests.JsonBody(new { caseId = Guid.NewGuid() }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "caseId");
        await (await agent.PostAsync($"{Articles}/{article.Id()}/insert", Requests.JsonBody(new { conversationId = Guid.NewGuid() })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "conversationId");
        await (await agent.GetAsync($"{Articles}?caseId={Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.PostAsync($"{Articles}/{Guid.NewGuid()}/insert", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_queries_are_problems_naming_the_field()
    {
        await (await agent.GetAsync($"{Articles}?audience=everyone")).ExpectProblemAsync(HttpStatusCode.BadRequest, "audience");
        await (await agent.GetAsync($"{Articles}?q=x&limit=500")).ExpectProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await agent.GetAsync($"{Articles}?q={new string('a', 201)}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await agent.GetAsync($"{Articles}?q=%22*%3A()")).ExpectProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await agent.GetAsync($"{Articles}/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class KnowledgeTestsOnSqlite(SqliteRapportFactory app) : KnowledgeTests<SqliteRapportFactory>(app);

public sealed class KnowledgeTestsOnPostgres(PostgresRapportFactory app) : KnowledgeTests<PostgresRapportFactory>(app);
