using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Rapport.Features.Webhooks;

namespace Rapport.IntegrationTests.Promises;

/// <summary>Promises (C12): recorded, renegotiated with the customer, reminded, escalated when overdue, broken, measured.</summary>
public abstract class PromiseTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task<JsonNode> PromiseAsync(object body) =>
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);

    private async Task<string> CustomerAsync() => (await Build.ACustomer().CreateAsync(agent)).Id();

    [Fact]
    public async Task A_promise_is_recorded_listed_and_kept_on_time()
    {
        var customer = await CustomerAsync();
        var due = Now.AddHours(5);
        var created = await PromiseAsync(new { customerId = customer, what = "call you back", dueAt = Iso(due), dueText = "this afternoon" });

        Assert.Equal("open", created.Str("status"));
        Assert.Equal("this afternoon", created.Str("dueText"));
        Assert.Equal(due.UtcDateTime, created["dueAt"]!.GetValue<DateTime>());
        var listed = await (await agent.GetAsync($"/api/v1/promises?owner=me&customerId={customer}&status=open")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), Assert.Single(listed["items"]!.AsArray())!.Id());

        var kept = await (await agent.PostAsync($"/api/v1/promises/{created.Id()}/kept", Requests.JsonBody(new { note = "Called at 14:00" })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("kept", kept.Str("status"));
        Assert.True(kept["keptOnTime"]!.GetValue<bool>());

        await (await agent.PostAsync($"/api/v1/promises/{created.Id()}/broken", Requests.JsonBody(new { reason = "changed my mind" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        var open = await (await agent.GetAsync($"/api/v1/promises?customerId={customer}&status=pending")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(open["items"]!.AsArray());
    }

    [Fact]
    public async Task A_promise_on_a_case_takes_its_customer_and_the_case_lists_it()
    {
        var customer = await CustomerAsync();
        var c = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Refund" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();

        var created = await PromiseAsync(new { caseId = c, what = "refund you", dueAt = Iso(Now.AddDays(5)) });

        Assert.Equal(customer, created.Str("customerId"));
        var listed = await (await agent.GetAsync($"/api/v1/promises?caseId={c}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), Assert.Single(listed["items"]!.AsArray())!.Id());
    }

    [Fact]
    public async Task A_promise_at_risk_prompts_the_agent_to_explain_the_delay_on_its_case()
    {
        var customer = await CustomerAsync();
        var c = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Callback" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await PromiseAsync(new { caseId = c, what = "call you back", dueAt = Iso(Now.AddMinutes(40)) });
        async Task<List<string>> ReasonsAsync() =>
            (await (await agent.GetAsync($"/api/v1/service-standards/cases/{c}")).ExpectAsync(HttpStatusCode.OK))["delayReasons"]!.AsArray()
                .Select(r => r!.GetValue<string>()).ToList();

        Assert.DoesNotContain(await ReasonsAsync(), r => r.Contains("promise", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromMinutes(25)); // past its reminder, not yet due
        Assert.Contains("The promise to call you back is due soon", await ReasonsAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Contains("The promise to call you back is overdue", await ReasonsAsync());
    }

    [Fact]
    public async Task Renegotiation_needs_the_customers_agreement_and_keeps_the_history()
    {
        var created = await PromiseAsync(new { customerId = await CustomerAsync(), what = "send the quote", dueAt = Iso(Now.AddHours(3)) });
        var url = $"/api/v1/promises/{created.Id()}/renegotiate";
        var newDue = Now.AddDays(2);

        await (await agent.PostAsync(url, Requests.JsonBody(new { dueAt = Iso(newDue), reason = "Supplier late", customerAgreed = false })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customerAgreed");
        var renegotiated = await (await agent.PostAsync(url, Requests.JsonBody(new { dueAt = Iso(newDue), reason = "Supplier late", customerAgreed = true })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("renegotiated", renegotiated.Str("status"));
        Assert.Equal(newDue.UtcDateTime, renegotiated["dueAt"]!.GetValue<DateTime>());
        var history = Assert.Single(renegotiated["renegotiations"]!.AsArray())!;
        Assert.Equal(created["dueAt"]!.GetValue<DateTime>(), history["previousDueAt"]!.GetValue<DateTime>());
        Assert.Equal("Supplier late", history.Str("reason"));
    }

    [Fact]
    public async Task Bad_promises_are_refused_naming_the_field()
    {
        var customer = await CustomerAsync();
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { customerId = customer, what = "call", dueAt = Iso(Now.AddHours(-1)) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "dueAt");
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { what = "call", dueAt = Iso(Now.AddHours(1)) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customerId");
        await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { customerId = customer, what = "call", dueAt = Iso(Now.AddHours(1)), ownerId = Guid.NewGuid() })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "ownerId");
        await (await agent.GetAsync("/api/v1/promises?status=forgotten")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.GetAsync("/api/v1/promises?owner=someone")).ExpectProblemAsync(HttpStatusCode.BadRequest, "owner");
        await (await agent.GetAsync("/api/v1/promises/measures?from=2026-01-01T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
    }

    [Fact]
    public async Task An_overdue_promise_escalates_to_supervisors_once_with_one_webhook_even_with_two_nodes_sweeping()
    {
        await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = "http://127.0.0.1:1/hook", events = new[] { WebhookEvents.PromiseDue, WebhookEvents.PromiseBroken } })))
            .ExpectAsync(HttpStatusCode.Created);
        var owner = await app.CreateStaffAsync(Roles.Agent);
        var supervisor = await app.CreateStaffAsync(Roles.Supervisor);
        var created = await PromiseAsync(new { customerId = await CustomerAsync(), what = "ring you about the boiler", dueAt = Iso(Now.AddHours(2)), ownerId = owner.Id });
        var id = Guid.Parse(created.Id());
        var here = app.Services.GetRequiredService<PromiseSweep>();
        var there = app.AnotherNode().Services.GetRequiredService<PromiseSweep>();

        async Task SweepBothAsync() => await Task.WhenAll(here.SweepAsync(default), there.SweepAsync(default));
        Task<int> NotificationsAsync(Guid user, string kind) =>
            app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user && n.Kind == kind && n.Link.Length > 0 && n.Text.Contains("boiler")));
        Task<int> WebhooksAsync(string name) =>
            app.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.Event == name && d.Payload.Contains(id.ToString())));

        await SweepBothAsync();
        Assert.Equal(0, await NotificationsAsync(owner.Id, "promise-due"));

        app.Clock.Advance(TimeSpan.FromMinutes(75)); // inside the hour before it is due
        await SweepBothAsync();
        await SweepBothAsync();
        Assert.Equal(1, await NotificationsAsync(owner.Id, "promise-due"));
        Assert.Equal(0, await NotificationsAsync(supervisor.Id, "promise-overdue"));

        app.Clock.Advance(TimeSpan.FromMinutes(50)); // past due, still open
        await SweepBothAsync();
        await SweepBothAsync();
        Assert.Equal(1, await NotificationsAsync(supervisor.Id, "promise-overdue"));
        Assert.Equal(1, await NotificationsAsync(owner.Id, "promise-overdue"));
        Assert.Equal(1, await WebhooksAsync(WebhookEvents.PromiseDue));
        var overdue = await (await agent.GetAsync($"/api/v1/promises/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(overdue["overdue"]!.GetValue<bool>());
        Assert.NotNull(overdue["escalatedAt"]);
        Assert.Equal("open", overdue.Str("status"));

        app.Clock.Advance(PromiseTimings.Default.BrokenAfter);
        await SweepBothAsync();
        await SweepBothAsync();
        var broken = await (await agent.GetAsync($"/api/v1/promises/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("broken", broken.Str("status"));
        Assert.Equal(1, await WebhooksAsync(WebhookEvents.PromiseBroken));
        Assert.Equal(1, await NotificationsAsync(supervisor.Id, "promise-broken"));
        Assert.Equal(1, await WebhooksAsync(WebhookEvents.PromiseDue));
    }

    [Fact]
    public async Task Measures_count_kept_on_time_broken_and_renegotiated_per_agent_and_team()
    {
        var owner = await app.CreateStaffAsync(Roles.Agent);
        var team = (await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Promises {Unique.Letters()}" }))).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await admin.PutAsync($"/api/v1/teams/{team}/members", Requests.JsonBody(new { userIds = new[] { owner.Id } }))).ExpectAsync(HttpStatusCode.OK);
        var customer = await CustomerAsync();
        var from = Now.AddDays(40);
        async Task<string> MakeAsync(string what) =>
            (await PromiseAsync(new { customerId = customer, what, dueAt = Iso(from.AddDays(1)), ownerId = owner.Id })).Id();

        var kept = await MakeAsync("post the brochure");
        var broken = await MakeAsync("visit on site");
        var renegotiated = await MakeAsync("fit the part");
        await (await agent.PostAsync($"/api/v1/promises/{kept}/kept", Requests.JsonBody(new { }))).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/promises/{broken}/broken", Requests.JsonBody(new { reason = "Engineer ill" }))).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/promises/{renegotiated}/renegotiate",
            Requests.JsonBody(new { dueAt = Iso(from.AddDays(2)), reason = "Part late", customerAgreed = true }))).ExpectAsync(HttpStatusCode.OK);

        var measures = await (await agent.GetAsync($"/api/v1/promises/measures?from={Iso(from)}&to={Iso(from.AddDays(10))}")).ExpectAsync(HttpStatusCode.OK);

        foreach (var row in new[] { Mine(measures["agents"]!, owner.Id.ToString()), Mine(measures["teams"]!, team) })
        {
            Assert.Equal(1, row["kept"]!.GetValue<int>());
            Assert.Equal(1, row["keptOnTime"]!.GetValue<int>());
            Assert.Equal(1, row["broken"]!.GetValue<int>());
            Assert.Equal(1, row["renegotiated"]!.GetValue<int>());
            Assert.Equal(1, row["open"]!.GetValue<int>());
            Assert.Equal(0.5, row["keptOnTimeRate"]!.GetValue<double>());
        }
    }

    private static JsonNode Mine(JsonNode rows, string id) => Assert.Single(rows.AsArray(), r => r!.Id() == id)!;

    [Fact]
    public async Task The_composer_proposal_reads_the_due_time_in_the_organisations_zone_and_hours()
    {
        const string draft = "Thanks for your patience, Ana. I'll call you back tomorrow at 10am. Please keep your booking reference to hand.";

        var found = await (await agent.PostAsync("/api/v1/promises/detect", Requests.JsonBody(new { text = draft }))).ExpectAsync(HttpStatusCode.OK);

        var proposal = Assert.Single(found.AsArray())!;
        Assert.Equal("call you back", proposal.Str("what"));
        Assert.Equal("Europe/London", proposal.Str("timeZone"));
        var expected = Assert.Single(PromiseDetector.Detect(draft, new PromiseContext(Now, OrganisationCalendar.Default.TimeZone, OrganisationCalendar.Default)));
        Assert.Equal(expected.Due, proposal["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(10, TimeZoneInfo.ConvertTime(proposal["dueAt"]!.GetValue<DateTimeOffset>(), OrganisationCalendar.Default.TimeZone).Hour);
        Assert.Null(proposal["condition"]);
    }

    [Fact]
    public async Task Two_undertakings_in_a_sentence_are_two_proposals_and_a_condition_on_the_customer_is_returned()
    {
        const string draft = "I'll cancel the old booking today and we'll send the new tickets tomorrow. Once you've sent us the receipt, we'll refund you.";

        var found = (await (await agent.PostAsync("/api/v1/promises/detect", Requests.JsonBody(new { text = draft }))).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Equal(["cancel the old booking", "send the new tickets", "refund you"], found.Select(p => p!.Str("what")));
        Assert.Equal([null, null, "Once you've sent us the receipt"], found.Select(p => p!["condition"]?.GetValue<string>()));
    }
}

public sealed class PromiseTestsOnSqlite(SqliteRapportFactory app) : PromiseTests<SqliteRapportFactory>(app);

public sealed class PromiseTestsOnPostgres(PostgresRapportFactory app) : PromiseTests<PostgresRapportFactory>(app);
