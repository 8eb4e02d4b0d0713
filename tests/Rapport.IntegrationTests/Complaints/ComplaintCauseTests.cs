using System.Text.Json.Nodes;
using Rapport.Features.Complaints;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Complaints;

/// <summary>
/// Complaint causes and the apology wording are the organisation's data: administrators add, rename, retire and delete
/// causes (one in use can only be retired, so measures keep their history), every node sees a change at once, and the
/// first use seeds them from configuration.
/// </summary>
public abstract class ComplaintCauseTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private async Task<List<JsonNode>> CausesAsync(HttpClient client, bool includeRetired = false) =>
        (await (await client.GetAsync($"/api/v1/complaints/causes{(includeRetired ? "?includeRetired=true" : "")}")).ExpectAsync(HttpStatusCode.OK))
            .AsArray().Select(c => c!).ToList();

    private async Task<string> AddAsync(string name) =>
        (await (await admin.PostAsync("/api/v1/complaints/causes", Requests.JsonBody(new { name }))).ExpectAsync(HttpStatusCode.Created)).Str("key");

    private async Task<string> ComplaintWithCauseAsync(string cause)
    {
        var customer = (await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail("complainer")).CreateAsync(agent)).Id();
        var caseId = (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Noisy room", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
        await (await agent.PostAsync($"/api/v1/cases/{caseId}/complaint/listen", Requests.JsonBody(new { customerWords = "Too loud all night", cause })))
            .ExpectAsync(HttpStatusCode.OK);
        return caseId;
    }

    [Fact]
    public async Task An_added_cause_is_offered_at_once_on_every_node_and_taken_by_listen()
    {
        var name = $"Noise {Unique.Letters()}";
        var key = await AddAsync(name);
        using var otherNode = app.AnotherNode();

        var seen = await CausesAsync(app.ClientAs(otherNode, Roles.Agent));
        var caseId = await ComplaintWithCauseAsync(key);

        Assert.Equal(ComplaintCauses.KeyFor(name), key);
        Assert.Contains(seen, c => c.Str("key") == key && c.Str("name") == name);
        var complaint = await (await agent.GetAsync($"/api/v1/cases/{caseId}/complaint")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(name, complaint["listen"]!.Str("causeName"));
    }

    [Fact]
    public async Task A_cause_in_use_can_be_retired_not_deleted_and_its_measures_and_name_stay()
    {
        var from = app.Clock.GetUtcNow().AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"Cleanliness {Unique.Letters()}";
        var key = await AddAsync(name);
        var caseId = await ComplaintWithCauseAsync(key);

        await (await admin.DeleteAsync($"/api/v1/complaints/causes/{key}")).ExpectProblemAsync(HttpStatusCode.Conflict);
        var renamed = name + " and tidiness";
        var retired = await (await admin.PutAsync($"/api/v1/complaints/causes/{key}", Requests.JsonBody(new { name = renamed, retired = true })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((key, true), (retired.Str("key"), retired["retired"]!.GetValue<bool>()));
        Assert.DoesNotContain(await CausesAsync(agent), c => c.Str("key") == key);
        Assert.Contains(await CausesAsync(agent, includeRetired: true), c => c.Str("key") == key && c["retired"]!.GetValue<bool>());
        await (await agent.PostAsync($"/api/v1/cases/{(await ComplaintCaseAsync())}/complaint/listen", Requests.JsonBody(new { customerWords = "Dusty", cause = key })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "cause");
        var complaint = await (await agent.GetAsync($"/api/v1/cases/{caseId}/complaint")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(renamed, complaint["listen"]!.Str("causeName"));
        var to = app.Clock.GetUtcNow().AddDays(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var measures = await (await agent.GetAsync($"/api/v1/complaints/measures?from={from}&to={to}")).ExpectAsync(HttpStatusCode.OK);
        var row = Assert.Single(measures["all"]!["byCause"]!.AsArray(), c => c!.Str("cause") == key)!;
        Assert.Equal((renamed, 1), (row.Str("name"), row["complaints"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_unused_cause_can_be_deleted()
    {
        var key = await AddAsync($"Parking {Unique.Letters()}");

        await (await admin.DeleteAsync($"/api/v1/complaints/causes/{key}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.DoesNotContain(await CausesAsync(agent, includeRetired: true), c => c.Str("key") == key);
        await (await admin.DeleteAsync($"/api/v1/complaints/causes/{key}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PutAsync($"/api/v1/complaints/causes/{key}", Requests.JsonBody(new { name = "Back" }))).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"!!!\"}", "name")]
    [InlineData("{\"name\":\"Delay\"}", "name")]
    [InlineData("{\"name\":\"Delay again\",\"position\":-1}", "position")]
    public async Task A_bad_cause_is_a_400_naming_the_field(string body, string field)
    {
        await (await admin.PostAsync("/api/v1/complaints/causes", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Renaming_a_cause_to_another_causes_name_is_a_400()
    {
        var key = await AddAsync($"Wifi {Unique.Letters()}");

        await (await admin.PutAsync($"/api/v1/complaints/causes/{key}", Requests.JsonBody(new { name = "Delay" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task The_apology_wording_is_changed_by_an_administrator_and_audited()
    {
        var text = $"We are truly sorry {Unique.Letters()}.";

        await (await admin.PutAsync("/api/v1/complaints/apology", Requests.JsonBody(new { text = "" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        await (await admin.PutAsync("/api/v1/complaints/apology", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(text, (await (await agent.GetAsync("/api/v1/complaints/apology")).ExpectAsync(HttpStatusCode.OK)).Str("text"));
        var audit = await (await app.ClientAs(Roles.Auditor).GetAsync($"/api/v1/audit?subjectId={ComplaintSettings.SingletonId}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(audit["items"]!.AsArray(), e => e!.Str("action").StartsWith("complaintSettings.", StringComparison.Ordinal)
            && e!.ToJsonString().Contains(text, StringComparison.Ordinal));
    }

    private async Task<string> ComplaintCaseAsync()
    {
        var customer = (await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail("complainer")).CreateAsync(agent)).Id();
        return (await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Dusty room", kind = "complaint" })))
            .ExpectAsync(HttpStatusCode.Created))["case"]!.Id();
    }
}

public sealed class ComplaintCauseTestsOnSqlite(SqliteRapportFactory app) : ComplaintCauseTests<SqliteRapportFactory>(app);

public sealed class ComplaintCauseTestsOnPostgres(PostgresRapportFactory app) : ComplaintCauseTests<PostgresRapportFactory>(app);

/// <summary>The first use seeds the causes and the apology from configuration, so an installation that set them there keeps them.</summary>
public abstract class ComplaintCauseSeedingTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    [Fact]
    public async Task The_configured_causes_and_apology_are_seeded_once()
    {
        using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Rapport:Complaints:Causes:0", "Cleanliness")
            .UseSetting("Rapport:Complaints:Causes:1", "Noise at night")
            .UseSetting("Rapport:Complaints:Apology", "We are sorry."));
        var agent = app.ClientAs(configured, Roles.Agent);

        var causes = (await (await agent.GetAsync("/api/v1/complaints/causes")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var apology = (await (await agent.GetAsync("/api/v1/complaints/apology")).ExpectAsync(HttpStatusCode.OK)).Str("text");
        await (await app.ClientAs(configured, Roles.Administrator).PostAsync("/api/v1/complaints/causes", Requests.JsonBody(new { name = "Parking" })))
            .ExpectAsync(HttpStatusCode.Created);
        var later = (await (await app.ClientAs(Roles.Agent).GetAsync("/api/v1/complaints/causes")).ExpectAsync(HttpStatusCode.OK)).AsArray();

        Assert.Equal(["cleanliness", "noise-at-night"], causes.Select(c => c!.Str("key")));
        Assert.Equal("We are sorry.", apology);
        Assert.Equal(["cleanliness", "noise-at-night", "parking"], later.Select(c => c!.Str("key")));
    }
}

public sealed class ComplaintCauseSeedingTestsOnSqlite(SqliteRapportFactory app) : ComplaintCauseSeedingTests<SqliteRapportFactory>(app);

public sealed class ComplaintCauseSeedingTestsOnPostgres(PostgresRapportFactory app) : ComplaintCauseSeedingTests<PostgresRapportFactory>(app);
