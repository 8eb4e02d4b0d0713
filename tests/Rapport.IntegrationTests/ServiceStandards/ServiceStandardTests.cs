using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.ServiceStandards;

namespace Rapport.IntegrationTests.ServiceStandards;

/// <summary>
/// Service standards (C11) and keeping customers informed (C13): a policy gives a new case its clocks, a reply meets the
/// first response, the sweeper records breaches and tells people, and explaining a delay reaches the customer.
/// Each test has a case kind of its own, so its policy touches only its own cases.
/// </summary>
public abstract class ServiceStandardTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_policy_gives_a_new_case_its_targets_and_a_first_reply_meets_the_first_response()
    {
        var kind = await PolicyAsync(first: 60, update: 120, resolution: 480);
        var (caseId, conversationId) = await CaseAsync(kind);
        var opened = Now;

        var targets = await TargetsAsync(caseId);
        Assert.Equal(opened.AddMinutes(60), Target(targets, "firstResponse")["dueAt"]!.GetValue<DateTime>());
        Assert.Equal(opened.AddMinutes(480), Target(targets, "resolution")["dueAt"]!.GetValue<DateTime>());
        Assert.Equal("running", Target(targets, "firstResponse").Str("state"));
        Assert.DoesNotContain(targets["targets"]!.AsArray(), t => t!.Str("target") == "customerUpdate");

        await MailboxAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await (await agent.PostAsync($"/api/v1/conversations/{conversationId}/replies", Requests.JsonBody(new { text = "Looking into it." })))
            .ExpectAsync(HttpStatusCode.Accepted);

        targets = await TargetsAsync(caseId);
        Assert.Equal("met", Target(targets, "firstResponse").Str("state"));
        Assert.Equal(Now.AddMinutes(120), Target(targets, "customerUpdate")["dueAt"]!.GetValue<DateTime>());
        Assert.Equal(TimeSpan.Zero, TimeSpan.Parse(targets.Str("sinceLastCustomerUpdate"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Past_due_the_sweeper_records_the_breach_once_notifies_owner_and_supervisors_and_raises_webhooks()
    {
        var kind = await PolicyAsync(first: 30);
        var ownerId = Guid.Parse((await (await agent.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id());
        await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = "http://127.0.0.1:1/hook", events = new[] { "sla.due_soon", "sla.breached" } })))
            .ExpectAsync(HttpStatusCode.Created);
        var (caseId, _) = await CaseAsync(kind, ownerId);
        var sweeper = app.Services.GetRequiredService<ServiceSweeper>();

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await sweeper.SweepAsync(default);
        var dueSoon = await (await agent.GetAsync("/api/v1/service-standards/due-soon?within=60")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(dueSoon["dueSoon"]!.AsArray(), d => d!.Str("caseId") == caseId.ToString());

        app.Clock.Advance(TimeSpan.FromMinutes(25));
        await sweeper.SweepAsync(default);
        await sweeper.SweepAsync(default);

        var breaches = await app.WithDbAsync(db => db.Set<ServiceBreach>().Where(b => b.CaseId == caseId).ToListAsync());
        Assert.Equal(TargetKind.FirstResponse, Assert.Single(breaches).Kind);
        var supervisors = await app.WithDbAsync(db => db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Supervisor), u => u.RoleId, r => r.Id, (u, _) => u.UserId).ToListAsync());
        var link = $"/cases/{caseId}";
        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.Link == link).ToListAsync());
        Assert.Contains(notices, n => n.UserId == ownerId && n.Kind == "sla.due_soon");
        Assert.Contains(notices, n => n.UserId == ownerId && n.Kind == "sla.breached");
        Assert.All(supervisors, s => Assert.Contains(notices, n => n.UserId == s && n.Kind == "sla.breached"));
        var hooks = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.Payload.Contains(caseId.ToString())).Select(d => d.Event).ToListAsync());
        Assert.Equal(["sla.breached", "sla.due_soon"], hooks.Order(StringComparer.Ordinal));
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "service-breach.added" && a.SubjectId == caseId.ToString()));
        Assert.Equal(1, audited);

        var view = await (await agent.GetAsync("/api/v1/service-standards/due-soon")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(view["breached"]!.AsArray(), d => d!.Str("caseId") == caseId.ToString());
        Assert.Equal("breached", Target(await TargetsAsync(caseId), "firstResponse").Str("state"));
    }

    [Fact]
    public async Task A_delayed_case_suggests_the_delay_template_and_the_explanation_sent_counts_as_an_update()
    {
        await (await admin.PutAsync("/api/v1/service-standards/delay-template", Requests.JsonBody(new
        {
            template = "Hello {{ customer.first_name }}, {{ case.number }} is delayed: {{ delay.reason }} New time: {{ delay.new_time }}.",
        }))).ExpectAsync(HttpStatusCode.OK);
        var kind = await PolicyAsync(first: 30, update: 60);
        var (caseId, conversationId) = await CaseAsync(kind, customerName: "Ada Lovelace");
        await MailboxAsync();
        await (await agent.PostAsync($"/api/v1/conversations/{conversationId}/replies", Requests.JsonBody(new { text = "On it." })))
            .ExpectAsync(HttpStatusCode.Accepted);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await app.Services.GetRequiredService<ServiceSweeper>().SweepAsync(default);

        var service = await TargetsAsync(caseId);
        Assert.True(service["delayed"]!.GetValue<bool>());
        Assert.Contains(service["delayReasons"]!.AsArray(), r => r!.GetValue<string>().Contains("customer update", StringComparison.Ordinal));
        var suggested = service.Str("suggestedExplanation");
        Assert.StartsWith("Hello Ada, C-", suggested, StringComparison.Ordinal);
        Assert.Contains("[say why]", suggested, StringComparison.Ordinal);

        await (await agent.PostAsync($"/api/v1/service-standards/cases/{caseId}/delay-explanation", Requests.JsonBody(new { text = suggested })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        var text = suggested.Replace("[say why]", "the supplier has not answered yet.", StringComparison.Ordinal);
        var sent = await (await agent.PostAsync($"/api/v1/service-standards/cases/{caseId}/delay-explanation", Requests.JsonBody(new { text })))
            .ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(conversationId, sent.Str("conversationId"));

        var read = await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Now, read["case"]!["lastCustomerUpdateAt"]!.GetValue<DateTime>());
        service = await TargetsAsync(caseId);
        Assert.Equal("running", Target(service, "customerUpdate").Str("state"));
        Assert.False(service["delayed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Administrators_set_the_calendar_and_bad_calendars_and_duplicate_policies_are_refused_naming_the_field()
    {
        var calendar = new
        {
            timeZone = "Europe/Paris",
            weeklyHours = new Dictionary<string, string[]> { ["monday"] = ["08:00-12:00", "14:00-18:00"], ["friday"] = ["08:00-16:00"] },
            holidays = new[] { new { date = "2026-05-01", name = "Fête du travail", hours = Array.Empty<string>() } },
        };
        await (await admin.PutAsync("/api/v1/service-standards/calendar", Requests.JsonBody(calendar))).ExpectAsync(HttpStatusCode.OK);
        var read = await (await agent.GetAsync("/api/v1/service-standards/calendar")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Europe/Paris", read.Str("timeZone"));
        Assert.Equal(2, read["weeklyHours"]!["monday"]!.AsArray().Count);
        await app.WithDbAsync(async db => Assert.Equal("Europe/Paris", (await OrganisationCalendar.LoadAsync(db, default)).TimeZone.Id));

        await (await admin.PutAsync("/api/v1/service-standards/calendar", Requests.JsonBody(new { timeZone = "Nowhere/Else", weeklyHours = calendar.weeklyHours, holidays = calendar.holidays })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "timeZone");
        await (await admin.PutAsync("/api/v1/service-standards/calendar", Requests.JsonBody(new { timeZone = "UTC", weeklyHours = new Dictionary<string, string[]> { ["monday"] = ["09:00-12:00", "11:00-13:00"] }, holidays = Array.Empty<object>() })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "weeklyHours.monday");

        var kind = await PolicyAsync(first: 60);
        await (await admin.PostAsync("/api/v1/service-standards/policies", Requests.JsonBody(new { name = "Twin", kind, firstResponseMinutes = 10 })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await admin.PutAsync("/api/v1/service-standards/calendar", Requests.JsonBody(new
        {
            timeZone = "Europe/London",
            weeklyHours = new Dictionary<string, string[]> { ["monday"] = ["09:00-17:30"], ["tuesday"] = ["09:00-17:30"], ["wednesday"] = ["09:00-17:30"], ["thursday"] = ["09:00-17:30"], ["friday"] = ["09:00-17:30"] },
            holidays = Array.Empty<object>(),
        }))).ExpectAsync(HttpStatusCode.OK);
    }

    private async Task<string> PolicyAsync(int? first = null, int? update = null, int? resolution = null)
    {
        var kind = (await (await admin.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name = $"Sla {Unique.Letters()}"[..20] })))
            .ExpectAsync(HttpStatusCode.Created)).Str("key");
        await (await admin.PostAsync("/api/v1/service-standards/policies", Requests.JsonBody(new
        {
            name = $"Policy for {kind}",
            kind,
            firstResponseMinutes = first,
            customerUpdateMinutes = update,
            resolutionMinutes = resolution,
            businessHours = false,
        }))).ExpectAsync(HttpStatusCode.Created);
        return kind;
    }

    private async Task<(Guid CaseId, string ConversationId)> CaseAsync(string kind, Guid? ownerId = null, string? customerName = null)
    {
        var received = await new InboundBuilder("email", new JsonObject { ["email"] = CustomerBuilder.UniqueEmail(), ["name"] = customerName })
            .ReceiveAsync(admin);
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { conversationId = received.ConversationId(), title = "Late parcel", kind, ownerId })))
            .ExpectAsync(HttpStatusCode.Created);
        return (Guid.Parse(created["case"]!.Id()), received.ConversationId());
    }

    private async Task MailboxAsync()
    {
        await (await admin.PostAsync("/api/v1/mailboxes", Requests.JsonBody(new
        {
            name = "Service standards",
            address = CustomerBuilder.UniqueEmail("help"),
            imapHost = "127.0.0.1",
            imapPort = 1,
            imapSecurity = "none",
            imapUser = "sla",
            imapPassword = "x",
            smtpHost = "127.0.0.1",
            smtpPort = 1,
            smtpSecurity = "none",
        }))).ExpectAsync(HttpStatusCode.Created);
    }

    private async Task<JsonNode> TargetsAsync(Guid caseId) =>
        await (await agent.GetAsync($"/api/v1/service-standards/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK);

    private static JsonNode Target(JsonNode service, string target) =>
        Assert.Single(service["targets"]!.AsArray(), t => t!.Str("target") == target)!;
}

public sealed class ServiceStandardTestsOnSqlite(SqliteRapportFactory app) : ServiceStandardTests<SqliteRapportFactory>(app);

public sealed class ServiceStandardTestsOnPostgres(PostgresRapportFactory app) : ServiceStandardTests<PostgresRapportFactory>(app);
