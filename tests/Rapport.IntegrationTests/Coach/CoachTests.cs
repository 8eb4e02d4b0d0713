using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Coach;

/// <summary>The communication coach's API (C19): suggestions on a draft that know the conversation, visibility, bad input, the glossary.</summary>
public abstract class CoachTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<JsonNode> CheckAsync(HttpClient client, object body) =>
        await (await client.PostAsync("/api/v1/coach/check", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.OK);

    private static JsonNode? Suggestion(JsonNode result, string check) =>
        result["suggestions"]!.AsArray().FirstOrDefault(s => s!.Str("check") == check);

    /// <summary>A customer "Zoe …" who is not technically aware, upset in their last message, on a conversation with an open complaint.</summary>
    private async Task<(string ConversationId, string FirstName)> UpsetComplainantAsync()
    {
        var first = "Zoe" + Unique.Letters()[..4].ToLowerInvariant();
        var email = CustomerBuilder.UniqueEmail();
        await Build.ACustomer($"{first} Harper").WithEmail(email).WithProfile(new JsonObject { ["technicalAwareness"] = "unaware" }).CreateAsync(agent);
        var inbound = await Inbound.AnEmail(email).Subject("Refund").Text("I am still waiting for my refund and nobody replies. This is unacceptable.").ReceiveAsync(admin);
        await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = inbound.ConversationId(), title = "Refund not received", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created);
        return (inbound.ConversationId(), first);
    }

    [Fact]
    public async Task Suggestions_know_the_customer_their_upset_message_and_the_complaint()
    {
        var (conversation, first) = await UpsetComplainantAsync();

        var result = await CheckAsync(agent, new { text = "Hello,\n\nYour PNR is on the way.", conversationId = conversation });

        Assert.True(result["customerUpset"]!.GetValue<bool>());
        Assert.Contains("unacceptable", result["upsetBecause"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.True(result["complaint"]!.GetValue<bool>());
        Assert.Equal("unaware", result.Str("technicalAwareness"));
        Assert.Equal($"Hello {first},", Suggestion(result, "name")!.Str("replacement"));
        Assert.Contains("unacceptable", Suggestion(result, "empathy")!.Str("why"), StringComparison.Ordinal);
        var jargon = Suggestion(result, "jargon")!;
        Assert.Equal("booking reference", jargon.Str("replacement"));
        Assert.Equal("Hello,\n\nYour ".Length, jargon["start"]!.GetValue<int>());
        Assert.Equal(3, jargon["length"]!.GetValue<int>());
        Assert.NotNull(Suggestion(result, "last"));

        // The same draft without the conversation: nothing about the customer, their mood or a complaint.
        var bare = await CheckAsync(agent, new { text = "Hello,\n\nYour PNR is on the way." });
        Assert.Null(Suggestion(bare, "name"));
        Assert.Null(Suggestion(bare, "empathy"));
        Assert.Null(Suggestion(bare, "last"));
        Assert.NotNull(Suggestion(bare, "jargon"));
    }

    [Fact]
    public async Task A_reply_that_follows_the_behaviours_gets_no_suggestions()
    {
        var (conversation, first) = await UpsetComplainantAsync();
        var draft = $"Hi {first},\n\nI understand that your refund still hasn't arrived, and I'm so sorry. I've refunded £40 to your card today and it "
            + "will show within 3 working days. Thank you for your patience. Does that answer your question? Have a lovely day.\n\nKind regards,\nBen";

        var result = await CheckAsync(agent, new { text = draft, conversationId = conversation });

        Assert.Empty(result["suggestions"]!.AsArray());
    }

    [Fact]
    public async Task A_conversation_the_caller_may_not_see_is_not_found()
    {
        var email = CustomerBuilder.UniqueEmail();
        var inbound = await Inbound.AnEmail(email).Subject("Fraud").Text("My card was stolen.").ReceiveAsync(admin);
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = "Fraud " + Unique.Letters(), restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync($"/api/v1/conversations/{inbound.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (Guid?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var outsider = app.ClientWithToken(await app.IssueTokenAsync((await app.CreateStaffAsync(Roles.Agent)).Id, "outsider"));

        await (await outsider.PostAsync("/api/v1/coach/check", Requests.JsonBody(new { text = "Hello", conversationId = inbound.ConversationId() })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.PostAsync("/api/v1/coach/check", Requests.JsonBody(new { text = "Hello", conversationId = Guid.NewGuid() })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await CheckAsync(admin, new { text = "Hello", conversationId = inbound.ConversationId() }); // supervisors and administrators see all
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        await (await agent.PostAsync("/api/v1/coach/check", Requests.JsonBody(new { conversationId = Guid.NewGuid() }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await agent.PostAsync("/api/v1/coach/check", Requests.JsonBody(new { text = new string('a', 20_001) }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await admin.PutAsync("/api/v1/coach/glossary", Requests.JsonBody(new { terms = new[] { new { term = "PNR", plain = "booking reference" }, new { term = "pnr", plain = "reference" } } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "terms[1].term");
        await (await admin.PutAsync("/api/v1/coach/glossary", Requests.JsonBody(new { terms = new[] { new { term = "PNR", plain = " " } } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "terms[0].plain");
    }

    [Fact]
    public async Task Administrators_replace_the_glossary_and_the_check_uses_it()
    {
        var before = await (await admin.GetAsync("/api/v1/coach/glossary")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(before["isDefault"]!.GetValue<bool>());
        Assert.Contains(before["terms"]!.AsArray(), t => t!.Str("term") == "PNR");

        var saved = await (await admin.PutAsync("/api/v1/coach/glossary", Requests.JsonBody(new { terms = new[] { new { term = "HBX", plain = "our booking partner" } } })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.False(saved["isDefault"]!.GetValue<bool>());

        var result = await CheckAsync(agent, new { text = "Hello, your PNR came from HBX." });
        var jargon = Assert.Single(result["suggestions"]!.AsArray(), s => s!.Str("check") == "jargon")!;
        Assert.Equal("our booking partner", jargon.Str("replacement"));

        await (await admin.PutAsync("/api/v1/coach/glossary", Requests.JsonBody(new { terms = Array.Empty<object>() }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(Suggestion(await CheckAsync(agent, new { text = "Hello, your PNR came from HBX." }), "jargon"));

        // The other tests of this class share the database: they find the seeded terms again.
        await (await admin.PutAsync("/api/v1/coach/glossary", Requests.JsonBody(new { terms = before["terms"] }))).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class CoachTestsOnSqlite(SqliteRapportFactory app) : CoachTests<SqliteRapportFactory>(app);

public sealed class CoachTestsOnPostgres(PostgresRapportFactory app) : CoachTests<PostgresRapportFactory>(app);
