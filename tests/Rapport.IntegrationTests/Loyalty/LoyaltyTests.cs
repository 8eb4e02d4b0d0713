using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Features.Loyalty;
using Rapport.Features.Timeline;
using Rapport.Infrastructure.Data;

namespace Rapport.IntegrationTests.Loyalty;

/// <summary>
/// Loyalty (C25): the risk-of-leaving score explains itself (its factors' points add up to it) and follows the
/// administrator's weights; the at-risk list reads the stored scores; offers are granted only within the granter's limits
/// of authority, and grants and extra-mile actions land on the timeline, in the audit trail and in the portfolio.
/// </summary>
public abstract class LoyaltyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly object DefaultWeights = new { silence = 35, openComplaints = 20, lowFeedback = 20, brokenPromises = 10, decliningBusiness = 15 };

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient supervisor = app.ClientAs(Roles.Supervisor);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private string Iso(TimeSpan ago) => app.Clock.GetUtcNow().Subtract(ago).ToString("O", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> SetWeightsAsync(object weights, decimal retentionSpendPerYear = 0m) =>
        admin.PutAsync("/api/v1/loyalty/settings", Requests.JsonBody(new
        {
            weights,
            longStandingYears = 3,
            longStandingValue = 1000m,
            currency = "GBP",
            costToWinCustomer = 150m,
            retentionSpendPerYear,
            lostAfterDays = 365,
            atRiskScore = 50,
        }));

    private async Task<JsonNode> LoyaltyAsync(HttpClient client, string customerId) =>
        await (await client.GetAsync($"/api/v1/customers/{customerId}/loyalty")).ExpectAsync(HttpStatusCode.OK);

    private static int Points(JsonNode loyalty, string factor) =>
        loyalty["factors"]!.AsArray().Single(f => f!.Str("key") == factor)!["points"]!.GetValue<int>();

    private async Task<string> AnUnhappyCustomerAsync()
    {
        var customerId = (await Inbound.AnEmail().Subject("Our trip").Text("Looking forward to it").ReceiveAsync(admin)).CustomerId();
        app.Clock.Advance(TimeSpan.FromDays(200));
        var complaint = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId, title = "Coach late", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{complaint}/complaint/listen", Requests.JsonBody(new { customerWords = "Two hours late", cause = "delay" })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await agent.PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "verbal", scale = "csat", score = 1, text = "Awful", customerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var promise = (await (await agent.PostAsync("/api/v1/promises", Requests.JsonBody(new { customerId, what = "call you back", dueAt = Iso(TimeSpan.FromDays(-1)) })))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        await (await agent.PostAsync($"/api/v1/promises/{promise}/broken", Requests.JsonBody(new { reason = "Forgot" }))).ExpectAsync(HttpStatusCode.OK);
        await RecordBusinessAsync(customerId, 500m, TimeSpan.FromDays(500));
        await RecordBusinessAsync(customerId, 100m, TimeSpan.FromDays(100));
        return customerId;
    }

    private async Task RecordBusinessAsync(string customerId, decimal amount, TimeSpan ago) =>
        await (await agent.PostAsync($"/api/v1/customers/{customerId}/business", Requests.JsonBody(new
        {
            kind = "booking",
            amount,
            currency = "GBP",
            description = "Weekend in the hills",
            occurredAt = Iso(ago),
        }))).ExpectAsync(HttpStatusCode.Created);

    [Fact]
    public async Task The_risk_score_explains_itself_and_its_factors_add_up_to_it()
    {
        await (await SetWeightsAsync(DefaultWeights)).ExpectAsync(HttpStatusCode.OK);
        var customerId = await AnUnhappyCustomerAsync();

        var loyalty = await LoyaltyAsync(agent, customerId);

        // 200 days quiet against an assumed usual 90: (200/90 − 1)/2 of 35 = 21.4; one open complaint: half of 20; the one
        // scored answer low: 20; one broken promise: half of 10; business down from 500 to 100: 80 % of 15 = 12.
        Assert.Equal(21, Points(loyalty, "silence"));
        Assert.Equal(10, Points(loyalty, "openComplaints"));
        Assert.Equal(20, Points(loyalty, "lowFeedback"));
        Assert.Equal(5, Points(loyalty, "brokenPromises"));
        Assert.Equal(12, Points(loyalty, "decliningBusiness"));
        Assert.Equal(68, loyalty["score"]!.GetValue<int>());
        Assert.Equal(loyalty["score"]!.GetValue<int>(), loyalty["factors"]!.AsArray().Sum(f => f!["points"]!.GetValue<int>()));
        Assert.True(loyalty["atRisk"]!.GetValue<bool>());
        Assert.All(loyalty["factors"]!.AsArray(), f => Assert.False(string.IsNullOrEmpty(f!.Str("detail"))));
        Assert.Equal(1, loyalty["repeatContacts"]!.GetValue<int>());
        var gbp = Assert.Single(loyalty["business"]!.AsArray())!;
        Assert.Equal(2, gbp["count"]!.GetValue<int>());
        Assert.Equal(600m, loyalty["value"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_weights_are_the_administrators_and_the_stored_list_follows_them_at_the_refresh()
    {
        await (await SetWeightsAsync(new { silence = 50, openComplaints = 20, lowFeedback = 20, brokenPromises = 10, decliningBusiness = 15 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "weights");
        await (await SetWeightsAsync(new { silence = 101, openComplaints = 0, lowFeedback = 0, brokenPromises = 0, decliningBusiness = -1 }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "weights.silence");
        await (await agent.PutAsync("/api/v1/loyalty/settings", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await SetWeightsAsync(new { silence = 0, openComplaints = 0, lowFeedback = 100, brokenPromises = 0, decliningBusiness = 0 }))
            .ExpectAsync(HttpStatusCode.OK);
        var customerId = (await Build.ACustomer().CreateAsync(agent)).Id();
        await (await agent.PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "letter", scale = "nps", score = 2, text = "Never again", customerId })))
            .ExpectAsync(HttpStatusCode.Created);

        var onlyFeedback = await LoyaltyAsync(agent, customerId);
        Assert.Equal(100, onlyFeedback["score"]!.GetValue<int>());
        Assert.Equal(100, Points(onlyFeedback, "lowFeedback"));
        await (await admin.PostAsync("/api/v1/loyalty/refresh", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, await AtRiskScoreAsync(supervisor, customerId));

        await (await SetWeightsAsync(new { silence = 100, openComplaints = 0, lowFeedback = 0, brokenPromises = 0, decliningBusiness = 0 }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, await AtRiskScoreAsync(supervisor, customerId)); // stored until the refresh
        await (await admin.PostAsync("/api/v1/loyalty/refresh", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(await AtRiskScoreAsync(supervisor, customerId)); // never contacted: nothing to be quiet about
        Assert.Equal(0, (await LoyaltyAsync(agent, customerId))["score"]!.GetValue<int>());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action.StartsWith("loyaltySettings.")).CountAsync());
        Assert.True(audit >= 2);
        await (await SetWeightsAsync(DefaultWeights)).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<int?> AtRiskScoreAsync(HttpClient client, string customerId, string query = "")
    {
        var list = await (await client.GetAsync($"/api/v1/loyalty/at-risk?limit=200{query}")).ExpectAsync(HttpStatusCode.OK);
        return list["customers"]!.AsArray().FirstOrDefault(c => c!.Str("customerId") == customerId)?["score"]!.GetValue<int>();
    }

    [Fact]
    public async Task An_agent_grants_an_offer_only_within_their_authority_and_the_grant_is_on_the_timeline_and_audited()
    {
        foreach (var (role, amount) in new[] { ("Agent", 25m), ("Supervisor", 200m) })
        {
            await (await admin.PutAsync("/api/v1/authority-limits", Requests.JsonBody(new { role, type = "goodwillGesture", currency = "GBP", amount })))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var upgrade = await OfferAsync("Room upgrade", 20m, "GBP");
        var dinner = await OfferAsync("Anniversary dinner", 80m, "GBP");
        var euro = await OfferAsync("Spa afternoon", 10m, "EUR");
        await (await admin.PostAsync("/api/v1/loyalty/offers", Requests.JsonBody(new { name = "Cash back", description = "x", action = "refund", cost = 5m, currency = "GBP" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "action");
        await (await admin.PostAsync("/api/v1/loyalty/offers", Requests.JsonBody(new { name = "Bad", description = "x", action = "discount", cost = 5m, currency = "XYZ" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "currency");
        var customerId = (await Build.ACustomer().CreateAsync(agent)).Id();

        var offers = (await LoyaltyAsync(agent, customerId))["offers"]!.AsArray();
        Assert.True(offers.Single(o => o!["offer"]!.Id() == upgrade)!["canGrant"]!.GetValue<bool>());
        Assert.False(offers.Single(o => o!["offer"]!.Id() == dinner)!["canGrant"]!.GetValue<bool>());

        var granted = await (await Grant(agent, customerId, upgrade)).ExpectAsync(HttpStatusCode.Created);
        var beyond = await (await Grant(agent, customerId, dinner)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("up to GBP 25.00", beyond.Str("detail"), StringComparison.Ordinal);
        await (await Grant(agent, customerId, euro)).ExpectProblemAsync(HttpStatusCode.Forbidden); // a GBP limit never covers EUR
        await (await Grant(supervisor, customerId, dinner)).ExpectAsync(HttpStatusCode.Created);
        await (await Grant(agent, customerId, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.NotFound);

        var grants = await app.WithDbAsync(db => db.Set<Rapport.Features.Loyalty.LoyaltyAction>().Where(a => a.CustomerId == Guid.Parse(customerId)).ToListAsync());
        Assert.Equal(2, grants.Count);
        Assert.Contains(grants, g => g.Text.StartsWith("Room upgrade", StringComparison.Ordinal) && g.Cost == 20m && g.ByName == "Agent Tester");
        Assert.Contains(grants, g => g.Text.StartsWith("Anniversary dinner", StringComparison.Ordinal) && g.ByName == "Supervisor Tester");
        var timeline = await TimelineAsync(customerId, Viewer.Of(await UserIdAsync(agent), [Roles.Agent]));
        Assert.Contains(timeline, i => i.Kind == TimelineKind.Loyalty && i.Title.StartsWith("Offer granted: Room upgrade", StringComparison.Ordinal) && i.Who == "Agent Tester");
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == customerId && e.Action == "loyaltyOfferGrant.added").ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.Contains(audit, e => e.ActorName == "Agent Tester");
        Assert.Equal("offerGranted", granted.Str("kind"));
    }

    /// <summary>The customer page's timeline (the API's timeline lists messages only).</summary>
    private async Task<IReadOnlyList<TimelineItem>> TimelineAsync(string customerId, Viewer viewer)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TimelineQueries>().ForCustomerAsync(Guid.Parse(customerId), viewer, 100, null, CancellationToken.None)).Items;
    }

    private static async Task<Guid> UserIdAsync(HttpClient client) =>
        Guid.Parse((await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id());

    private async Task<string> OfferAsync(string name, decimal cost, string currency) =>
        (await (await admin.PostAsync("/api/v1/loyalty/offers", Requests.JsonBody(new
        {
            name = $"{name} {Unique.Letters()}",
            description = $"{name} for a long-standing customer",
            action = "goodwillGesture",
            cost,
            currency,
        }))).ExpectAsync(HttpStatusCode.Created)).Id();

    private static Task<HttpResponseMessage> Grant(HttpClient client, string customerId, string offerId) =>
        client.PostAsync($"/api/v1/customers/{customerId}/offers/{offerId}/grant", Requests.JsonBody(new { note = "Tenth stay" }));

    [Fact]
    public async Task A_customer_with_a_restricted_teams_conversation_has_loyalty_only_for_those_who_see_it()
    {
        var member = await app.CreateStaffAsync(Roles.Agent);
        var outsider = await app.CreateStaffAsync(Roles.Agent);
        var memberClient = app.ClientWithToken(await app.IssueTokenAsync(member.Id, "loyalty member"));
        var outsiderClient = app.ClientWithToken(await app.IssueTokenAsync(outsider.Id, "loyalty outsider"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Fraud {Unique.Letters()}", restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { member.Id } }))).ExpectAsync(HttpStatusCode.OK);
        var stored = await Inbound.AnEmail().Subject("Card stolen").Text("Someone used my card").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/conversations/{stored.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        var customerId = stored.CustomerId();
        await (await memberClient.PostAsync("/api/v1/feedback", Requests.JsonBody(new { source = "verbal", scale = "csat", score = 1, text = "Angry", customerId })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await memberClient.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new { what = "Called the bank with them" })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostAsync("/api/v1/loyalty/refresh", null)).ExpectAsync(HttpStatusCode.OK);

        await LoyaltyAsync(memberClient, customerId);
        await (await outsiderClient.GetAsync($"/api/v1/customers/{customerId}/loyalty")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await outsiderClient.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new { what = "peek" })))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.NotNull(await AtRiskScoreAsync(memberClient, customerId, "&minScore=0"));
        Assert.NotNull(await AtRiskScoreAsync(supervisor, customerId, $"&minScore=0&teamId={team.Id()}"));
        Assert.Null(await AtRiskScoreAsync(outsiderClient, customerId, "&minScore=0"));
        Assert.DoesNotContain(await TimelineAsync(customerId, Viewer.Of(outsider.Id, [Roles.Agent])), i => i.Kind == TimelineKind.Loyalty);
        Assert.Contains(await TimelineAsync(customerId, Viewer.Of(member.Id, [Roles.Agent])), i => i.Title == "Extra mile: Called the bank with them");
    }

    [Fact]
    public async Task Viewing_a_customers_loyalty_stores_its_figures_only_when_they_changed_or_have_aged()
    {
        var email = CustomerBuilder.UniqueEmail();
        var customerId = (await Inbound.AnEmail(email).Subject("Our trip").Text("Looking forward to it").ReceiveAsync(admin)).CustomerId();
        var id = Guid.Parse(customerId);
        await LoyaltyAsync(agent, customerId);
        var first = await StoredAsync(id);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await LoyaltyAsync(agent, customerId);
        Assert.Equal(first, await StoredAsync(id)); // the same figures: a read, not a write

        await Inbound.AnEmail(email).Subject("One more thing").Text("Is breakfast included?").ReceiveAsync(admin);
        await LoyaltyAsync(agent, customerId);
        var changed = await StoredAsync(id);
        Assert.Equal(first.RepeatContacts + 1, changed.RepeatContacts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, changed.ComputedAt, TimeSpan.FromSeconds(1));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await LoyaltyAsync(agent, customerId);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, (await StoredAsync(id)).ComputedAt, TimeSpan.FromSeconds(1)); // aged: worked out again
    }

    private async Task<(int RepeatContacts, DateTime ComputedAt)> StoredAsync(Guid customerId)
    {
        using var scope = app.Services.CreateScope();
        var row = await scope.ServiceProvider.GetRequiredService<RapportDbContext>()
            .Set<CustomerLoyalty>().AsNoTracking().SingleAsync(l => l.CustomerId == customerId);
        return (row.RepeatContacts, row.ComputedAt);
    }

    [Fact]
    public async Task An_extra_mile_action_is_competence_evidence_for_the_person_who_took_it()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);
        var client = app.ClientWithToken(await app.IssueTokenAsync(person.Id, "loyalty evidence"));
        var customerId = (await Build.ACustomer().CreateAsync(client)).Id();
        await (await client.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new { what = "" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "what");
        await (await client.PostAsync($"/api/v1/customers/{customerId}/extra-mile", Requests.JsonBody(new { what = "Drove the forgotten passport to the airport" })))
            .ExpectAsync(HttpStatusCode.Created);

        var portfolio = await (await client.GetAsync($"/api/v1/staff/{person.Id}/portfolio")).ExpectAsync(HttpStatusCode.OK);
        var criterion = portfolio["standards"]!.AsArray().SelectMany(s => s!["items"]!.AsArray()).Single(c => c!.Str("id") == "004-PC10")!;
        Assert.True(criterion["evidenced"]!.GetValue<bool>());
        Assert.Contains(criterion["evidencedBy"]!.AsArray(), k => k!.GetValue<string>() == "extraMileActions");
    }

    [Fact]
    public async Task The_retention_report_weighs_keeping_against_winning_and_its_csv_has_the_same_numbers()
    {
        await (await SetWeightsAsync(DefaultWeights, retentionSpendPerYear: 3650m)).ExpectAsync(HttpStatusCode.OK);
        var from = Iso(TimeSpan.FromDays(10));
        var to = Iso(TimeSpan.Zero);
        await (await agent.GetAsync("/api/v1/loyalty/report")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await supervisor.GetAsync($"/api/v1/loyalty/report?from={Uri.EscapeDataString(to)}&to={Uri.EscapeDataString(from)}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "from");

        var range = $"from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}";
        var report = await (await supervisor.GetAsync($"/api/v1/loyalty/report?{range}")).ExpectAsync(HttpStatusCode.OK);
        using var csvResponse = await supervisor.GetAsync($"/api/v1/loyalty/report?{range}&format=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var rows = (await csvResponse.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r').Split(',')).Where(r => r.Length == 3).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.First()[1]);

        Assert.Equal(100m, report["retentionSpend"]!.GetValue<decimal>()); // 10 days of 3650 a year
        Assert.Equal(report["offersCost"]!.GetValue<decimal>() + 100m, report["retentionCost"]!.GetValue<decimal>());
        Assert.Equal(150m * report["lost"]!.GetValue<int>(), report["costToReplaceLost"]!.GetValue<decimal>());
        foreach (var measure in new[] { "activeAtStart", "kept", "lost", "newCustomers", "offersGranted", "extraMileActions" })
        {
            Assert.Equal(report[measure]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), rows[measure]);
        }

        Assert.Equal(report["retentionCost"]!.GetValue<decimal>(), decimal.Parse(rows["retentionCost"], CultureInfo.InvariantCulture));
        await (await SetWeightsAsync(DefaultWeights)).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class LoyaltyTestsOnSqlite(SqliteRapportFactory app) : LoyaltyTests<SqliteRapportFactory>(app);

public sealed class LoyaltyTestsOnPostgres(PostgresRapportFactory app) : LoyaltyTests<PostgresRapportFactory>(app);
