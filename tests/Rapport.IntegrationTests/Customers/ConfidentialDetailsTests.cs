using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class ConfidentialDetailsTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string OrganisationSecret = "Flagged by fraud team 2025";
    private const string CustomerSecret = "Lives at a refuge; never post mail";

    private async Task<string> CustomerWithSecretsAsync()
    {
        var agent = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Rosalind Franklin").CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{id}/confidential",
            Requests.JsonBody(new { label = "Fraud flag", value = OrganisationSecret, level = "organisation" }))).ExpectAsync(HttpStatusCode.Created);
        await (await agent.PostAsync($"/api/v1/customers/{id}/confidential",
            Requests.JsonBody(new { label = "Safe address", value = CustomerSecret, level = "customer" }))).ExpectAsync(HttpStatusCode.Created);
        return id;
    }

    private Task<int> ReadsAsync(string id) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "confidential.read" && e.SubjectId == id));

    private async Task<List<(string Label, string Value)>> RevealAsync(string role, string id)
    {
        var revealed = await (await app.ClientAs(role).GetAsync($"/api/v1/customers/{id}/confidential")).ExpectAsync(HttpStatusCode.OK);
        return revealed.AsArray().Select(d => (d!.Str("label"), d!.Str("value"))).ToList();
    }

    [Fact]
    public async Task An_agent_sees_the_labels_but_never_the_values()
    {
        var id = await CustomerWithSecretsAsync();

        var record = await app.ClientAs(Roles.Agent).GetAsync($"/api/v1/customers/{id}");
        var text = await record.Content.ReadAsStringAsync();
        var revealed = await RevealAsync(Roles.Agent, id);

        Assert.Contains("Fraud flag", text, StringComparison.Ordinal);
        Assert.Contains("Safe address", text, StringComparison.Ordinal);
        Assert.DoesNotContain(OrganisationSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(CustomerSecret, text, StringComparison.Ordinal);
        Assert.Empty(revealed);
        Assert.Equal(0, await ReadsAsync(id));
    }

    [Fact]
    public async Task A_supervisor_reads_both_levels_and_each_read_is_audited()
    {
        var id = await CustomerWithSecretsAsync();

        var revealed = await RevealAsync(Roles.Supervisor, id);

        Assert.Equal([("Fraud flag", OrganisationSecret), ("Safe address", CustomerSecret)], revealed.Order());
        Assert.Equal(2, await ReadsAsync(id));
        await RevealAsync(Roles.Supervisor, id);
        Assert.Equal(4, await ReadsAsync(id));
    }

    [Fact]
    public async Task An_administrator_reads_only_organisation_confidential_values()
    {
        var id = await CustomerWithSecretsAsync();

        var revealed = await RevealAsync(Roles.Administrator, id);

        Assert.Equal([("Fraud flag", OrganisationSecret)], revealed);
        Assert.Equal(1, await ReadsAsync(id));
    }

    [Fact]
    public async Task The_audit_trail_records_who_read_but_never_the_value()
    {
        var id = await CustomerWithSecretsAsync();
        await RevealAsync(Roles.Supervisor, id);

        var changes = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == id).Select(e => e.ActorName + " " + e.Changes).ToListAsync());

        Assert.Contains(changes, c => c.StartsWith("Supervisor Tester", StringComparison.Ordinal) && c.Contains("Safe address", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Contains(OrganisationSecret, StringComparison.Ordinal) || c.Contains(CustomerSecret, StringComparison.Ordinal));
    }
}

public sealed class ConfidentialDetailsTestsOnSqlite(SqliteRapportFactory app) : ConfidentialDetailsTests<SqliteRapportFactory>(app);

public sealed class ConfidentialDetailsTestsOnPostgres(PostgresRapportFactory app) : ConfidentialDetailsTests<PostgresRapportFactory>(app);
