using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Cases;

/// <summary>Cases (C10): opened from a conversation, numbered, moved through the workflow, changed safely by two people.</summary>
public abstract class CaseTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task A_case_opened_from_a_conversation_takes_its_customer_and_is_linked_to_it()
    {
        var received = await Inbound.AnEmail().Subject("Change of dates").Text("Can I move my stay to May?").ReceiveAsync(admin);

        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new
        {
            conversationId = received.ConversationId(),
            title = "Move stay to May",
            kind = "booking",
            requirement = "Can I move my stay to May?",
            tags = new[] { "Dates", "dates", "vip" },
        }))).ExpectAsync(HttpStatusCode.Created);

        var c = created["case"]!;
        Assert.Equal(received.Str("customerId"), c.Str("customerId"));
        Assert.Matches("^C-[0-9]{6}$", c.Str("number"));
        Assert.Equal("new", c.Str("status"));
        Assert.Equal("booking", c.Str("kind"));
        Assert.Equal(["dates", "vip"], c["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Can I move my stay to May?", created.Str("requirement"));
        Assert.Equal(received.ConversationId(), Assert.Single(created["conversations"]!.AsArray())!.Id());

        var read = await (await agent.GetAsync($"/api/v1/cases/{c.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(c.Str("number"), read["case"]!.Str("number"));
        var listed = await (await agent.GetAsync($"/api/v1/cases?customerId={c.Str("customerId")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(c.Id(), Assert.Single(listed["items"]!.AsArray())!.Id());
    }

    [Fact]
    public async Task Case_numbers_are_sequential_and_unique()
    {
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var numbers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var c = await CreateAsync(customer, $"Question {i}");
            numbers.Add(long.Parse(c["case"]!.Str("number")[2..], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal([numbers[0], numbers[0] + 1, numbers[0] + 2], numbers);
    }

    [Fact]
    public async Task Cases_created_at_the_same_moment_each_get_their_own_number()
    {
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var created = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => CreateAsync(customer, $"At once {i}")));

        var numbers = created.Select(c => c["case"]!.Str("number")).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task A_conversation_is_linked_to_one_case_at_a_time()
    {
        var received = await Inbound.AnEmail().ReceiveAsync(admin);
        await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "First" })))
            .ExpectAsync(HttpStatusCode.Created);
        var second = await CreateAsync(received.Str("customerId"), "Second");

        var refused = await agent.PostAsync($"/api/v1/cases/{second["case"]!.Id()}/conversations",
            Requests.JsonBody(new { conversationId = received.ConversationId() }));

        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "conversationId");
        Assert.Contains("already linked", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_the_workflow_does_not_allow_is_refused_with_400_naming_status()
    {
        var c = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Refund"))["case"]!.Id();
        await (await StatusAsync(c, "resolved")).ExpectAsync(HttpStatusCode.OK);
        await (await StatusAsync(c, "closed")).ExpectAsync(HttpStatusCode.OK);

        await (await StatusAsync(c, "pendingCustomer")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await StatusAsync(c, "new")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await StatusAsync(c, "sleeping")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");

        var read = await (await agent.GetAsync($"/api/v1/cases/{c}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", read["case"]!.Str("status"));
        Assert.NotNull(read["case"]!["resolvedAt"]);
    }

    [Fact]
    public async Task A_change_based_on_a_stale_etag_is_refused_with_412()
    {
        var id = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Lost luggage"))["case"]!.Id();
        var first = await agent.GetAsync($"/api/v1/cases/{id}");
        await first.ExpectAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag!;

        var update = new { title = "Lost luggage at Leeds", kind = "complaint", requirement = "My suitcase never arrived", priority = "high" };
        var mine = await agent.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Requests.JsonBody(update), h => h.IfMatch.Add(etag));
        await mine.ExpectAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, mine.Headers.ETag);

        var theirs = await admin.SendAsync(HttpMethod.Put, $"/api/v1/cases/{id}", Requests.JsonBody(update with { }), h => h.IfMatch.Add(etag));
        await theirs.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        var status = await agent.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/status", Requests.JsonBody(new { status = "open" }),
            h => h.IfMatch.Add(etag));
        await status.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);

        var withCurrent = await agent.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/status", Requests.JsonBody(new { status = "open" }),
            h => h.IfMatch.Add(mine.Headers.ETag!));
        await withCurrent.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_until_an_administrator_defines_it()
    {
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var kindName = $"Warranty {Unique.Letters()}"[..20];
        var body = Requests.JsonBody(new { customerId = customer, title = "Broken kettle", kind = kindName.ToLowerInvariant().Replace(' ', '-') });
        await (await agent.PostAsync("/api/v1/cases", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");

        await (await agent.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = kindName }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var kind = await (await admin.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = kindName }))).ExpectAsync(HttpStatusCode.Created);

        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Broken kettle", kind = kind.Str("key") })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(kind.Str("key"), created["case"]!.Str("kind"));
        var kinds = await (await agent.GetAsync("/api/v1/case-kinds")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(kinds.AsArray(), k => k!.Str("key") == "complaint");
        Assert.Contains(kinds.AsArray(), k => k!.Str("key") == kind.Str("key"));
    }

    [Fact]
    public async Task Bulk_changes_apply_to_every_case_or_to_none_with_an_error_per_refused_id()
    {
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var a = (await CreateAsync(customer, "A"))["case"]!.Id();
        var b = (await CreateAsync(customer, "B"))["case"]!.Id();
        var closed = (await CreateAsync(customer, "Closed"))["case"]!.Id();
        await (await StatusAsync(closed, "closed")).ExpectAsync(HttpStatusCode.OK);
        var missing = Guid.NewGuid();

        var refused = await agent.PostAsync("/api/v1/cases/bulk", Requests.JsonBody(new { ids = new object[] { a, closed, b, missing }, status = "pendingInternal" }));
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "ids[1]");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("ids[3]"), problem.ToJsonString());
        Assert.False(errors.ContainsKey("ids[0]"));
        foreach (var id in new[] { a, b })
        {
            Assert.Equal("new", (await (await agent.GetAsync($"/api/v1/cases/{id}")).ExpectAsync(HttpStatusCode.OK))["case"]!.Str("status"));
        }

        var me = (await (await agent.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id();
        var done = await (await agent.PostAsync("/api/v1/cases/bulk", Requests.JsonBody(new
        {
            ids = new[] { a, b },
            status = "open",
            assign = new { ownerId = me, teamId = (string?)null },
            addTags = new[] { "Escalated" },
        }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, done["cases"]!.AsArray().Count);
        Assert.All(done["cases"]!.AsArray(), c0 =>
        {
            var c = c0!;
            Assert.Equal("open", c.Str("status"));
            Assert.Equal(me, c.Str("ownerId"));
            Assert.Contains("escalated", c["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        });
        var mine = await (await agent.GetAsync($"/api/v1/cases?owner=me&tag=escalated&customerId={customer}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { a, b }.Order(), mine["items"]!.AsArray().Select(c => c!.Id()).Order());
    }

    [Fact]
    public async Task A_mention_in_a_note_notifies_that_colleague_only()
    {
        var colleague = await app.CreateStaffAsync(Roles.Agent, $"ben.{Unique.Letters()}@rapport.test");
        var bystander = await app.CreateStaffAsync(Roles.Agent);
        var colleagueClient = app.ClientWithToken(await app.IssueTokenAsync(colleague.Id, "mention tests"));
        var bystanderClient = app.ClientWithToken(await app.IssueTokenAsync(bystander.Id, "mention tests"));
        var id = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Wheelchair access"))["case"]!.Id();

        await (await agent.PostAsync($"/api/v1/cases/{id}/notes", Requests.JsonBody(new { text = $"@{colleague.Email} can you check the lift at the hotel?" })))
            .ExpectAsync(HttpStatusCode.Created);

        var theirs = await (await colleagueClient.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, theirs["unread"]!.GetValue<int>());
        var notification = Assert.Single(theirs["items"]!.AsArray())!;
        Assert.Equal($"/cases/{id}", notification.Str("link"));
        Assert.Equal(0, (await (await bystanderClient.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK))["unread"]!.GetValue<int>());

        await (await bystanderClient.PostAsync($"/api/v1/notifications/{notification.Id()}/read", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await colleagueClient.PostAsync($"/api/v1/notifications/{notification.Id()}/read", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, (await (await colleagueClient.GetAsync("/api/v1/notifications")).ExpectAsync(HttpStatusCode.OK))["unread"]!.GetValue<int>());
    }

    [Fact]
    public async Task Confirming_the_requirement_records_who_when_and_how()
    {
        var id = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Quiet room", "A quiet room away from the lift"))["case"]!.Id();

        await (await agent.PostAsync($"/api/v1/cases/{id}/requirement-confirmation", Requests.JsonBody(new { how = " " })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "how");
        var confirmed = await (await agent.PostAsync($"/api/v1/cases/{id}/requirement-confirmation", Requests.JsonBody(new { how = "Read back on the phone" })))
            .ExpectAsync(HttpStatusCode.OK);

        var confirmation = confirmed["requirementConfirmation"]!;
        Assert.Equal("Read back on the phone", confirmation.Str("how"));
        Assert.Equal("Agent Tester", confirmation.Str("byName"));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, confirmation["at"]!.GetValue<DateTime>());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == id && e.Action == "case.updated").ToListAsync());
        Assert.Contains(audit, e => e.Changes.Contains("Read back on the phone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Case_changes_raise_webhooks_through_the_outbox()
    {
        var subscription = (await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new
        {
            url = "http://127.0.0.1:1/cases",
            events = new[] { "case.created", "case.updated", "case.status_changed" },
        }))).ExpectAsync(HttpStatusCode.Created)).Id();
        var id = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Hooked"))["case"]!.Id();
        await (await StatusAsync(id, "open")).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/cases/{id}/assign", Requests.JsonBody(new { ownerId = (Guid?)null, teamId = (Guid?)null })))
            .ExpectAsync(HttpStatusCode.OK);

        var events = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == Guid.Parse(subscription))
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync());
        var mine = events.Where(d => d.Payload.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(["case.created", "case.status_changed", "case.updated"], mine.Select(d => d.Event));
        var changed = JsonNode.Parse(mine[1].Payload)!["data"]!;
        Assert.Equal("new", changed.Str("from"));
        Assert.Equal("open", changed.Str("to"));
        var outboxed = await app.WithDbAsync(db => db.OutboxItems.CountAsync(o => mine.Select(d => d.Id).Contains(o.SubjectId)));
        Assert.Equal(3, outboxed);
    }

    [Fact]
    public async Task An_agent_reply_on_a_linked_conversation_is_the_first_response()
    {
        var received = await Inbound.AnEmail().ReceiveAsync(admin);
        var id = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "Reply" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await app.WithDbAsync(async db =>
        {
            await Rapport.Features.Cases.CaseActivity.RecordAgentReplyAsync(db, Guid.Parse(received.ConversationId()), app.Clock.GetUtcNow().UtcDateTime, default);
            await db.SaveChangesAsync();
        });

        var read = await (await agent.GetAsync($"/api/v1/cases/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, read["case"]!["firstResponseAt"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Auditors_read_cases_but_cannot_change_them()
    {
        var auditor = app.ClientAs(Roles.Auditor);
        var id = (await CreateAsync((await Build.ACustomer().CreateAsync(agent)).Id(), "Read only"))["case"]!.Id();

        await (await auditor.GetAsync($"/api/v1/cases/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PostAsync($"/api/v1/cases/{id}/status", Requests.JsonBody(new { status = "open" }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_ids_and_filters_are_400s_naming_the_parameter()
    {
        await (await agent.GetAsync("/api/v1/cases/not-a-guid")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await agent.GetAsync("/api/v1/cases?status=asleep")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.GetAsync("/api/v1/cases?owner=someone")).ExpectProblemAsync(HttpStatusCode.BadRequest, "owner");
        await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { title = "Nobody's" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "customerId");
        await (await agent.GetAsync($"/api/v1/cases/{Guid.NewGuid()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<JsonNode> CreateAsync(string customerId, string title, string? requirement = null) =>
        await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId, title, requirement }))).ExpectAsync(HttpStatusCode.Created);

    private Task<HttpResponseMessage> StatusAsync(string id, string status) =>
        agent.PostAsync($"/api/v1/cases/{id}/status", Requests.JsonBody(new { status }));
}

public sealed class CaseTestsOnSqlite(SqliteRapportFactory app) : CaseTests<SqliteRapportFactory>(app);

public sealed class CaseTestsOnPostgres(PostgresRapportFactory app) : CaseTests<PostgresRapportFactory>(app);
