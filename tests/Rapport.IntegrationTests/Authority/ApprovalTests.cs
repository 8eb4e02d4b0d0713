using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Authority;

/// <summary>
/// Limits of authority (C15): within the limit an action is done at once; beyond it, it waits for someone else whose
/// limit covers it, and nothing completes it but their approval.
/// </summary>
public abstract class ApprovalTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task Refund_above_the_agents_limit_stays_pending_until_a_supervisor_approves()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();

        var requested = await (await RequestAsync(agent, caseId, "refund", 80m, "GBP")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("pending", requested.Str("status"));
        Assert.Null(requested["completedAt"]);
        Assert.Null(requested["outcome"]);
        Assert.DoesNotContain(await NotesAsync(caseId), n => n.Contains("Customer outcome", StringComparison.Ordinal));
        var queue = await (await supervisor.GetAsync("/api/v1/approvals")).ExpectAsync(HttpStatusCode.OK);
        var waiting = Assert.Single(queue.AsArray(), a => a!["action"]!.Id() == requested.Id())!;
        Assert.Equal(caseId, waiting["case"]!.Id());
        Assert.Equal("Damaged luggage", waiting["case"]!.Str("title"));
        var supervisorId = await UserIdAsync(supervisor);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == supervisorId && n.Kind == "approval")));

        var approved = await (await DecideAsync(supervisor, requested.Id(), "approve", "Fair given the damage")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("completed", approved.Str("status"));
        Assert.Equal("Supervisor Tester", approved.Str("decidedByName"));
        Assert.Contains("Refund of GBP 80.00", approved.Str("outcome"), StringComparison.Ordinal);
        Assert.Contains(await NotesAsync(caseId), n => n.Contains("Customer outcome: Refund of GBP 80.00", StringComparison.Ordinal));
        var agentId = await UserIdAsync(agent);
        var told = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == agentId && n.Kind == "approval").Select(n => n.Text).ToListAsync());
        Assert.Contains(told, t => t.Contains("approved your refund of GBP 80.00", StringComparison.Ordinal));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == caseId && e.Action.StartsWith("caseAction.")).ToListAsync());
        Assert.Contains(audit, e => e.Action == "caseAction.added");
        Assert.Contains(audit, e => e.Action == "caseAction.updated" && e.Changes.Contains("completedAt", StringComparison.Ordinal)
            && e.ActorName == "Supervisor Tester");
    }

    [Fact]
    public async Task An_amount_equal_to_the_limit_is_done_at_once_and_one_penny_more_waits()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();

        var within = await (await RequestAsync(agent, caseId, "refund", 50m, "gbp")).ExpectAsync(HttpStatusCode.Created);
        var beyond = await (await RequestAsync(agent, caseId, "refund", 50.01m, "GBP")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("completed", within.Str("status"));
        Assert.Equal("GBP", within.Str("currency"));
        Assert.Equal("pending", beyond.Str("status"));
        var listed = await (await agent.GetAsync($"/api/v1/cases/{caseId}/actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([beyond.Id(), within.Id()], listed.AsArray().Select(a => a!.Id()));
    }

    [Fact]
    public async Task A_limit_in_one_currency_does_not_cover_an_amount_in_another()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();

        var euros = await (await RequestAsync(agent, caseId, "refund", 10m, "EUR")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("pending", euros.Str("status"));
        await (await DecideAsync(supervisor, euros.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Nobody_approves_their_own_request_even_with_a_limit_that_covers_it()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        var (newAgent, newAgentId) = await StaffAsync(Roles.Agent);
        var bySupervisor = await (await RequestAsync(supervisor, caseId, "compensation", 600m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        var byAgent = await (await RequestAsync(newAgent, caseId, "refund", 80m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("pending", bySupervisor.Str("status"));
        Assert.Equal("pending", byAgent.Str("status"));
        await SetLimitAsync(new { userId = newAgentId, type = "refund", currency = "GBP", amount = 1000m }); // now covers their own request

        var ownBySupervisor = await (await DecideAsync(supervisor, bySupervisor.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var ownByAgent = await (await DecideAsync(newAgent, byAgent.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(newAgent, byAgent.Id(), "reject", "Changed my mind")).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("own request", ownBySupervisor.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("own request", ownByAgent.Str("detail"), StringComparison.Ordinal);
        var queue = await (await newAgent.GetAsync("/api/v1/approvals")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(queue.AsArray(), a => a!["action"]!.Id() == byAgent.Id());
        await (await DecideAsync(admin, bySupervisor.Id(), "approve")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_supervisor_whose_limit_is_too_low_cannot_approve()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        var big = await (await RequestAsync(agent, caseId, "goodwillGesture", 800m, "GBP")).ExpectAsync(HttpStatusCode.Created);

        var refused = await (await DecideAsync(supervisor, big.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("does not cover", refused.Str("detail"), StringComparison.Ordinal);
        var queue = await (await supervisor.GetAsync("/api/v1/approvals")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(queue.AsArray(), a => a!["action"]!.Id() == big.Id());
        var still = await (await agent.GetAsync($"/api/v1/cases/{caseId}/actions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", still.AsArray().Single(a => a!.Id() == big.Id())!.Str("status"));
        await (await DecideAsync(admin, big.Id(), "approve")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_users_own_limit_replaces_their_roles_limit()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        var (junior, juniorId) = await StaffAsync(Roles.Supervisor);
        await SetLimitAsync(new { userId = juniorId, type = "refund", currency = "GBP", amount = 20m });

        var request = await (await RequestAsync(agent, caseId, "refund", 60m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        await (await DecideAsync(junior, request.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var mine = await (await junior.GetAsync("/api/v1/my-authority-limits")).ExpectAsync(HttpStatusCode.OK);

        var refund = mine.AsArray().Single(l => l!.Str("type") == "refund" && l!.Str("currency") == "GBP")!;
        Assert.Equal(20m, refund["amount"]!.GetValue<decimal>());
        Assert.Equal("your own limit", refund.Str("source"));
    }

    [Fact]
    public async Task A_policy_exception_is_allowed_or_not()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new { type = "policyException", reason = "Loyal customer" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "description");

        var exception = await (await agent.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new
        {
            type = "policyException",
            description = "Waive the 14-day cancellation rule",
            reason = "Bereavement",
        }))).ExpectAsync(HttpStatusCode.Created);
        var bySupervisor = await (await supervisor.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new
        {
            type = "policyException",
            description = "Late check-out at no charge",
            reason = "Flight delayed",
        }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("pending", exception.Str("status"));
        Assert.Equal("completed", bySupervisor.Str("status"));
        await (await DecideAsync(supervisor, exception.Id(), "approve")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_action_never_completes()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        var request = await (await RequestAsync(agent, caseId, "discount", 75m, "GBP")).ExpectAsync(HttpStatusCode.Created);

        await (await DecideAsync(supervisor, request.Id(), "reject")).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await DecideAsync(supervisor, request.Id(), "reject", "  ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        var rejected = await (await DecideAsync(supervisor, request.Id(), "reject", "Already discounted at booking")).ExpectAsync(HttpStatusCode.OK);
        await (await DecideAsync(admin, request.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal("Already discounted at booking", rejected.Str("decisionReason"));
        var listed = await (await agent.GetAsync($"/api/v1/cases/{caseId}/actions")).ExpectAsync(HttpStatusCode.OK);
        var action = Assert.Single(listed.AsArray())!;
        Assert.Equal("rejected", action.Str("status"));
        Assert.Null(action["completedAt"]);
        Assert.DoesNotContain(await NotesAsync(caseId), n => n.Contains("Customer outcome", StringComparison.Ordinal));
        var agentId = await UserIdAsync(agent);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == agentId
            && n.Text.Contains("rejected your discount of GBP 75.00") && n.Text.Contains("Already discounted at booking"))));
    }

    [Fact]
    public async Task A_second_decision_gets_409_and_of_two_racing_decisions_one_wins()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();
        var first = await (await RequestAsync(agent, caseId, "refund", 60m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        await (await DecideAsync(supervisor, first.Id(), "approve")).ExpectAsync(HttpStatusCode.OK);
        await (await DecideAsync(admin, first.Id(), "approve")).ExpectProblemAsync(HttpStatusCode.Conflict);

        for (var round = 0; round < 5; round++)
        {
            var raced = await (await RequestAsync(agent, caseId, "refund", 70m + round, "GBP")).ExpectAsync(HttpStatusCode.Created);
            var answers = await Task.WhenAll(DecideAsync(supervisor, raced.Id(), "approve"), DecideAsync(admin, raced.Id(), "reject", "No"));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var winner = await answers.Single(a => a.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
            var stored = (await (await agent.GetAsync($"/api/v1/cases/{caseId}/actions")).ExpectAsync(HttpStatusCode.OK))
                .AsArray().Single(a => a!.Id() == raced.Id())!;
            Assert.Equal(winner.Str("status"), stored.Str("status"));
            Assert.Equal(winner.Str("decidedById"), stored.Str("decidedById"));
        }

        var outcomes = await NotesAsync(caseId);
        Assert.Equal(outcomes.Count, outcomes.Distinct().Count());
    }

    [Fact]
    public async Task Requests_and_decisions_raise_webhooks_through_the_outbox()
    {
        await RoleLimitsAsync();
        var subscription = Guid.Parse((await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new
        {
            url = "http://127.0.0.1:1/approvals",
            events = new[] { "approval.requested", "approval.approved", "approval.rejected", "case.action_completed" },
        }))).ExpectAsync(HttpStatusCode.Created)).Id());
        var caseId = await ACaseAsync();

        var within = await (await RequestAsync(agent, caseId, "refund", 10m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        var approved = await (await RequestAsync(agent, caseId, "refund", 90m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        var rejected = await (await RequestAsync(agent, caseId, "refund", 95m, "GBP")).ExpectAsync(HttpStatusCode.Created);
        await (await DecideAsync(supervisor, approved.Id(), "approve")).ExpectAsync(HttpStatusCode.OK);
        await (await DecideAsync(supervisor, rejected.Id(), "reject", "Not covered")).ExpectAsync(HttpStatusCode.OK);

        var deliveries = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync());
        // Events raised at one instant are not ordered among themselves: compare each action's set of events.
        string[] EventsFor(JsonNode action) => deliveries.Where(d => d.Payload.Contains(action.Id(), StringComparison.Ordinal)).Select(d => d.Event)
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["case.action_completed"], EventsFor(within));
        Assert.Equal(["approval.approved", "approval.requested", "case.action_completed"], EventsFor(approved));
        Assert.Equal(["approval.rejected", "approval.requested"], EventsFor(rejected));
        var payload = JsonNode.Parse(deliveries.First(d => d.Event == "approval.approved").Payload)!["data"]!;
        Assert.Equal("completed", payload.Str("status"));
        Assert.Equal(caseId, payload.Str("caseId"));
        var outboxed = await app.WithDbAsync(db => db.OutboxItems.CountAsync(o => deliveries.Select(d => d.Id).Contains(o.SubjectId)));
        Assert.Equal(deliveries.Count, outboxed);
    }

    [Fact]
    public async Task Bad_requests_are_400s_naming_the_field()
    {
        await RoleLimitsAsync();
        var caseId = await ACaseAsync();

        await (await RequestAsync(agent, caseId, "refund", null, "GBP")).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        await (await RequestAsync(agent, caseId, "refund", -5m, "GBP")).ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        await (await RequestAsync(agent, caseId, "refund", 5m, "XYZ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "currency");
        await (await RequestAsync(agent, caseId, "bribe", 5m, "GBP")).ExpectProblemAsync(HttpStatusCode.BadRequest, "type");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new { type = "refund", amount = 5m, currency = "GBP" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await RequestAsync(agent, "not-a-guid", "refund", 5m, "GBP")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await RequestAsync(agent, Guid.NewGuid().ToString(), "refund", 5m, "GBP")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await DecideAsync(supervisor, "not-a-guid", "approve")).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
        await (await DecideAsync(supervisor, Guid.NewGuid().ToString(), "approve")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(new { type = "refund", role = "Agent", currency = "GBP", amount = -1m })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "amount");
        await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(new { type = "refund", role = "Chief", currency = "GBP", amount = 1m })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(new { type = "policyException", role = "Agent" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "allowed");
        Assert.Empty((await (await agent.GetAsync($"/api/v1/cases/{caseId}/actions")).ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Administrators_set_change_and_remove_limits_and_the_changes_are_audited()
    {
        var (_, userId) = await StaffAsync(Roles.Agent);
        var set = await SetLimitAsync(new { userId, type = "discount", currency = "USD", amount = 25m });
        var changed = await SetLimitAsync(new { userId, type = "discount", currency = "usd", amount = 40.5m });

        Assert.Equal(set.Id(), changed.Id());
        var listed = await (await admin.GetAsync("/api/v1/authority-limits")).ExpectAsync(HttpStatusCode.OK);
        var limit = listed.AsArray().Single(l => l!.Id() == set.Id())!;
        Assert.Equal(40.5m, limit["amount"]!.GetValue<decimal>());
        Assert.Equal("Agent Tester", limit.Str("userName"));
        await (await admin.DeleteAsync($"/api/v1/authority-limits/{set.Id()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/authority-limits/{set.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == set.Id()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(["authorityLimit.added", "authorityLimit.updated", "authorityLimit.deleted"], audit);
    }

    private async Task RoleLimitsAsync()
    {
        await SetLimitAsync(new { role = "Agent", type = "refund", currency = "GBP", amount = 50m });
        await SetLimitAsync(new { role = "Supervisor", type = "refund", currency = "GBP", amount = 500m });
        await SetLimitAsync(new { role = "Administrator", type = "refund", currency = "GBP", amount = 5000m });
        foreach (var type in new[] { "compensation", "goodwillGesture", "discount" })
        {
            await SetLimitAsync(new { role = "Agent", type, currency = "GBP", amount = 50m });
            await SetLimitAsync(new { role = "Supervisor", type, currency = "GBP", amount = 500m });
            await SetLimitAsync(new { role = "Administrator", type, currency = "GBP", amount = 5000m });
        }

        await SetLimitAsync(new { role = "Supervisor", type = "policyException", allowed = true });
        await SetLimitAsync(new { role = "Administrator", type = "policyException", allowed = true });
    }

    private async Task<JsonNode> SetLimitAsync(object limit) =>
        await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(limit))).ExpectAsync(HttpStatusCode.OK);

    private async Task<string> ACaseAsync()
    {
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Damaged luggage" })))
            .ExpectAsync(HttpStatusCode.Created);
        return created["case"]!.Id();
    }

    private static Task<HttpResponseMessage> RequestAsync(HttpClient client, string caseId, string type, decimal? amount, string currency) =>
        client.PostAsync($"/api/v1/cases/{caseId}/actions", Requests.JsonBody(new { type, amount, currency, reason = "Suitcase arrived broken" }));

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string actionId, string decision, string? reason = null) =>
        client.PostAsync($"/api/v1/approvals/{actionId}/{decision}", Requests.JsonBody(new { reason }));

    private async Task<List<string>> NotesAsync(string caseId) =>
        (await (await agent.GetAsync($"/api/v1/cases/{caseId}")).ExpectAsync(HttpStatusCode.OK))["notes"]!.AsArray().Select(n => n!.Str("text")).ToList();

    private static async Task<Guid> UserIdAsync(HttpClient client) =>
        Guid.Parse((await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id());

    private async Task<(HttpClient Client, Guid Id)> StaffAsync(string role)
    {
        var user = await app.CreateStaffAsync(role);
        return (app.ClientWithToken(await app.IssueTokenAsync(user.Id, "approval tests")), user.Id);
    }
}

public sealed class ApprovalTestsOnSqlite(SqliteRapportFactory app) : ApprovalTests<SqliteRapportFactory>(app);

public sealed class ApprovalTestsOnPostgres(PostgresRapportFactory app) : ApprovalTests<PostgresRapportFactory>(app);
