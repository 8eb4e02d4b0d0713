using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Complaints;

/// <summary>
/// Complaints (C16): a complaint case is handled Listen, Apologise, Solve, Thank and followed up, in that order; an offer
/// beyond the agent's limit is agreed only after approval; the case is resolved only once the follow-up is kept or waived.
/// </summary>
public abstract class ComplaintTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_complaint_goes_from_listen_to_a_kept_follow_up_with_a_refund_approved_beyond_the_agents_limit()
    {
        await LimitsAsync();
        var caseId = await AComplaintCaseAsync();
        var words = $"The room was not cleaned for two days {Unique.Letters()}";

        var listened = await Step(caseId, "listen", new { customerWords = words, expectation = "A refund for those nights", feeling = "Angry", cause = "Product or service quality" });
        Assert.Equal("apologise", listened.Str("step"));
        Assert.Equal("product-or-service-quality", listened["listen"]!.Str("cause"));
        Assert.Equal(words, listened["listen"]!.Str("customerWords"));
        var sorry = await Step(caseId, "apology", new { wording = "I am sorry the room was not cleaned.", channel = "phone" });
        Assert.Equal("solve", sorry.Str("step"));
        Assert.Equal("Agent Tester", sorry["apology"]!.Str("byName"));

        var proposed = await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/alternatives", Requests.JsonBody(new
        {
            description = "Refund two nights",
            customerCost = "Nothing",
            customerBenefit = "GBP 80 back",
            organisationCost = "GBP 80",
            organisationBenefit = "A guest who comes back",
            offer = new { type = "refund", amount = 80m, currency = "GBP" },
        }))).ExpectAsync(HttpStatusCode.Created);
        var alternative = Assert.Single(proposed["alternatives"]!.AsArray())!;
        Assert.Null(alternative["caseActionId"]); // nothing is requested until the customer agrees

        var waiting = await (await Agree(caseId, alternative.Id())).ExpectAsync(HttpStatusCode.Accepted);
        var pending = waiting["alternatives"]!.AsArray().Single()!;
        Assert.Equal("pending", pending.Str("approvalStatus"));
        Assert.Equal("solve", waiting.Str("step"));
        await (await Agree(caseId, alternative.Id())).ExpectProblemAsync(HttpStatusCode.BadRequest, "alternativeId");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/thanks", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "step");
        await (await supervisor.PostAsync($"/api/v1/approvals/{pending.Str("caseActionId")}/approve", Requests.JsonBody(new { reason = "Fair" })))
            .ExpectAsync(HttpStatusCode.OK);

        var agreed = await (await Agree(caseId, alternative.Id())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("thank", agreed.Str("step"));
        Assert.Equal(alternative.Id(), agreed.Str("agreedAlternativeId"));
        Assert.Equal("agreed", agreed["alternatives"]!.AsArray().Single()!.Str("status"));
        var thanked = await Step(caseId, "thanks", new { wording = "Thank you for telling us." });
        Assert.Equal("followUp", thanked.Str("step"));

        var due = app.Clock.GetUtcNow().AddDays(3);
        var scheduled = await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/follow-up", Requests.JsonBody(new { dueAt = Iso(due) })))
            .ExpectAsync(HttpStatusCode.Created);
        var promiseId = scheduled["followUp"]!.Str("promiseId");
        Assert.Equal("open", scheduled["followUp"]!.Str("promiseStatus"));
        var promises = await (await agent.GetAsync($"/api/v1/promises?caseId={caseId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(promiseId, Assert.Single(promises["items"]!.AsArray())!.Id()); // a promise like any other
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/follow-up", Requests.JsonBody(new { dueAt = Iso(due) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "dueAt");

        var refused = await (await SetStatusAsync(caseId, "resolved")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        Assert.Contains("follow-up", refused.ToJsonString(), StringComparison.Ordinal);
        await (await agent.PostAsync($"/api/v1/promises/{promiseId}/kept", Requests.JsonBody(new { note = "Customer is happy" }))).ExpectAsync(HttpStatusCode.OK);

        var done = await (await agent.GetAsync($"/api/v1/cases/{caseId}/complaint")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("done", done.Str("step"));
        Assert.True(done["followUp"]!["done"]!.GetValue<bool>());
        await (await SetStatusAsync(caseId, "resolved")).ExpectAsync(HttpStatusCode.OK);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == caseId).Select(e => e.Action).ToListAsync());
        Assert.Contains("complaint.added", audit);
        Assert.Contains("complaint.updated", audit);
        Assert.Contains("complaintAlternative.added", audit);
        Assert.Contains("caseAction.added", audit);
    }

    [Fact]
    public async Task Steps_out_of_order_and_bad_input_are_400s_naming_the_field()
    {
        var caseId = await AComplaintCaseAsync();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/apology", Requests.JsonBody(new { wording = "Sorry", channel = "email" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "step");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/follow-up", Requests.JsonBody(new { dueAt = Iso(app.Clock.GetUtcNow().AddDays(1)) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "step");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/listen", Requests.JsonBody(new { customerWords = "Bad", cause = "weather" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "cause");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/listen", Requests.JsonBody(new { cause = "delay" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "customerWords");
        await Step(caseId, "listen", new { customerWords = "The coach was late", cause = "delay" });
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/listen", Requests.JsonBody(new { customerWords = "Again", cause = "delay" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "step");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/apology", Requests.JsonBody(new { wording = "Sorry", channel = "pigeon" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "channel");
        await (await Agree(caseId, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "step");
        await (await Agree(caseId, "not-a-guid")).ExpectProblemAsync(HttpStatusCode.BadRequest, "alternativeId");

        var information = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = await CustomerAsync(), title = "Opening hours" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await (await agent.GetAsync($"/api/v1/cases/{information}/complaint")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.PostAsync($"/api/v1/cases/{information}/complaint/listen", Requests.JsonBody(new { customerWords = "x", cause = "delay" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await (await agent.GetAsync($"/api/v1/cases/{Guid.NewGuid()}/complaint")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await agent.GetAsync("/api/v1/complaints/measures?from=2026-03-02T00:00:00Z")).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await app.ClientAs(Roles.Auditor).PostAsync($"/api/v1/cases/{caseId}/complaint/thanks", Requests.JsonBody(new { })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_complaint_is_not_closed_without_its_follow_up_but_is_after_a_waiver_with_a_reason_and_reopening_is_counted()
    {
        var caseId = await AComplaintCaseAsync();
        await Step(caseId, "listen", new { customerWords = "Charged twice for coach tickets", cause = "billing-or-charges" });

        await (await SetStatusAsync(caseId, "closed")).ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.PostAsync("/api/v1/cases/bulk", Requests.JsonBody(new { ids = new[] { caseId }, status = "resolved" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "ids[0]");
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/follow-up/waiver", Requests.JsonBody(new { reason = " " })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");

        var waived = await Step(caseId, "follow-up/waiver", new { reason = "The customer asked not to be contacted again" });
        Assert.Equal("The customer asked not to be contacted again", waived["followUp"]!.Str("waivedReason"));
        Assert.True(waived["followUp"]!["done"]!.GetValue<bool>());
        await (await SetStatusAsync(caseId, "closed")).ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/apology", Requests.JsonBody(new { wording = "Sorry", channel = "email" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "status"); // closed: reopen it first

        await (await SetStatusAsync(caseId, "open")).ExpectAsync(HttpStatusCode.OK);
        await (await SetStatusAsync(caseId, "resolved")).ExpectAsync(HttpStatusCode.OK);
        await (await SetStatusAsync(caseId, "open")).ExpectAsync(HttpStatusCode.OK);

        var reopened = await (await agent.GetAsync($"/api/v1/cases/{caseId}/complaint")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, reopened["reopened"]!.GetValue<int>());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == caseId && e.Action == "complaint.updated")
            .Select(e => e.Changes).ToListAsync());
        Assert.Contains(audit, c => c.Contains("followUpWaivedReason", StringComparison.Ordinal));
        Assert.Contains(audit, c => c.Contains("reopened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_offer_cannot_be_agreed_and_a_disagreement_is_recorded_with_its_escalation()
    {
        await LimitsAsync();
        var caseId = await AComplaintCaseAsync();
        await Step(caseId, "listen", new { customerWords = "I want compensation for the ruined holiday", cause = "other" });
        await Step(caseId, "apology", new { wording = "I am sorry.", channel = "email", givenAt = Iso(app.Clock.GetUtcNow().AddMinutes(-5)) });
        var proposed = await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/alternatives", Requests.JsonBody(new
        {
            description = "Compensation",
            customerCost = "Nothing",
            customerBenefit = "GBP 400",
            organisationCost = "GBP 400",
            organisationBenefit = "Keeps the customer",
            offer = new { type = "compensation", amount = 400m, currency = "GBP" },
        }))).ExpectAsync(HttpStatusCode.Created);
        var alternative = proposed["alternatives"]!.AsArray().Single()!.Id();
        var waiting = await (await Agree(caseId, alternative)).ExpectAsync(HttpStatusCode.Accepted);
        await (await supervisor.PostAsync($"/api/v1/approvals/{waiting["alternatives"]![0]!.Str("caseActionId")}/reject",
            Requests.JsonBody(new { reason = "Beyond what the terms allow" }))).ExpectAsync(HttpStatusCode.OK);

        var refused = await (await Agree(caseId, alternative)).ExpectProblemAsync(HttpStatusCode.BadRequest, "alternativeId");
        Assert.Contains("rejected", refused.ToJsonString(), StringComparison.Ordinal);
        var disagreed = await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/disagreements", Requests.JsonBody(new
        {
            needs = "A week's holiday refunded",
            confirmed = "The pool was closed for three days",
            whyNotMet = "The terms cover facilities closed for more than five days",
            escalation = "Referred to the customer relations manager",
        }))).ExpectAsync(HttpStatusCode.Created);

        var d = Assert.Single(disagreed["disagreements"]!.AsArray())!;
        Assert.Equal("Referred to the customer relations manager", d.Str("escalation"));
        Assert.Equal("solve", disagreed.Str("step"));
        Assert.Equal("rejected", disagreed["alternatives"]![0]!.Str("approvalStatus"));
    }

    [Fact]
    public async Task Measures_count_complaints_by_cause_first_contact_step_times_follow_ups_and_reopened_per_team()
    {
        var team = (await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Complaints {Unique.Letters()}" })))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        var from = app.Clock.GetUtcNow().AddMinutes(-1);
        var first = await AComplaintCaseAsync(team);
        var second = await AComplaintCaseAsync(team);
        await AComplaintCaseAsync(team); // not listened to yet

        app.Clock.Advance(TimeSpan.FromHours(1));
        await Step(first, "listen", new { customerWords = "Late coach", cause = "delay" });
        app.Clock.Advance(TimeSpan.FromHours(2));
        await Step(first, "apology", new { wording = "Sorry", channel = "chat" });
        var alt = (await (await agent.PostAsync($"/api/v1/cases/{first}/complaint/alternatives", Requests.JsonBody(new
        {
            description = "Seat on the next coach",
            customerCost = "An hour's wait",
            customerBenefit = "Gets home tonight",
            organisationCost = "A seat",
            organisationBenefit = "No refund",
        }))).ExpectAsync(HttpStatusCode.Created))["alternatives"]![0]!.Id();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await (await agent.PostAsync($"/api/v1/cases/{first}/complaint/alternatives/{alt}/agree", Requests.JsonBody(new { atFirstContact = true })))
            .ExpectAsync(HttpStatusCode.OK);
        await Step(first, "thanks", new { });
        var promise = (await (await agent.PostAsync($"/api/v1/cases/{first}/complaint/follow-up", Requests.JsonBody(new { dueAt = Iso(app.Clock.GetUtcNow().AddDays(2)) })))
            .ExpectAsync(HttpStatusCode.Created))["followUp"]!.Str("promiseId");
        app.Clock.Advance(TimeSpan.FromHours(24));
        await (await agent.PostAsync($"/api/v1/promises/{promise}/kept", Requests.JsonBody(new { }))).ExpectAsync(HttpStatusCode.OK);
        await Step(second, "listen", new { customerWords = "Rude driver", cause = "staff-attitude" });
        await Step(second, "follow-up/waiver", new { reason = "Customer moved abroad" });
        await (await SetStatusAsync(second, "resolved")).ExpectAsync(HttpStatusCode.OK);
        await (await SetStatusAsync(second, "open")).ExpectAsync(HttpStatusCode.OK);

        var m = await (await agent.GetAsync($"/api/v1/complaints/measures?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(app.Clock.GetUtcNow().AddDays(1)))}&teamId={team}"))
            .ExpectAsync(HttpStatusCode.OK);
        var all = m["all"]!;
        Assert.Equal(3, all["complaints"]!.GetValue<int>());
        var causes = all["byCause"]!.AsArray().ToDictionary(c => c!.Str("cause"), c => c!["complaints"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["delay"] = 1, ["staff-attitude"] = 1, [""] = 1 }, causes);
        Assert.Equal(1, all["resolvedAtFirstContact"]!.GetValue<int>());
        Assert.Equal(1, all["followUpsScheduled"]!.GetValue<int>());
        Assert.Equal(1, all["followUpsDone"]!.GetValue<int>());
        Assert.Equal(1, all["followUpsWaived"]!.GetValue<int>());
        Assert.Equal(1, all["reopened"]!.GetValue<int>());
        var steps = all["timeInStep"]!.AsArray().ToDictionary(s => s!.Str("step"), s => s!["medianHours"]?.GetValue<double>());
        Assert.Equal(2, steps["apologise"]);
        Assert.Equal(1, steps["solve"]);
        Assert.Equal(24, steps["followUp"]);
        var perTeam = Assert.Single(m["teams"]!.AsArray())!;
        Assert.Equal(team, perTeam.Str("teamId"));
        Assert.Equal(3, perTeam["complaints"]!.GetValue<int>());
    }

    private async Task LimitsAsync()
    {
        foreach (var (role, amount) in new[] { ("Agent", 50m), ("Supervisor", 500m), ("Administrator", 5000m) })
        {
            foreach (var type in new[] { "refund", "compensation" })
            {
                await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(new { role, type, currency = "GBP", amount }))).ExpectAsync(HttpStatusCode.OK);
            }
        }
    }

    private async Task<string> CustomerAsync() => (await Build.ACustomer().CreateAsync(agent)).Id();

    private async Task<string> AComplaintCaseAsync(string? teamId = null) =>
        (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = await CustomerAsync(), title = "Room not cleaned", kind = "complaint", teamId })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();

    private async Task<JsonNode> Step(string caseId, string step, object body) =>
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/{step}", Requests.JsonBody(body))).ExpectAsync(HttpStatusCode.OK);

    private Task<HttpResponseMessage> Agree(string caseId, string alternativeId) =>
        agent.PostAsync($"/api/v1/cases/{caseId}/complaint/alternatives/{alternativeId}/agree", Requests.JsonBody(new { atFirstContact = false }));

    private Task<HttpResponseMessage> SetStatusAsync(string caseId, string status) =>
        agent.PostAsync($"/api/v1/cases/{caseId}/status", Requests.JsonBody(new { status }));
}

public sealed class ComplaintTestsOnSqlite(SqliteRapportFactory app) : ComplaintTests<SqliteRapportFactory>(app);

public sealed class ComplaintTestsOnPostgres(PostgresRapportFactory app) : ComplaintTests<PostgresRapportFactory>(app);
