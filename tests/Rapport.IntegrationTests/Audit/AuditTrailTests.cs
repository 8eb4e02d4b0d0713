using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Audit;

public abstract class AuditTrailTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private async Task<List<JsonNode>> EntriesAsync(string subjectId)
    {
        var page = await (await app.ClientAs(Roles.Auditor).GetAsync($"/api/v1/audit?subjectId={subjectId}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(e => e!).ToList();
    }

    private static JsonNode Single(List<JsonNode> entries, string action) => Assert.Single(entries, e => e.Str("action") == action);

    [Fact]
    public async Task Create_update_merge_and_delete_each_write_entries_with_actor_and_before_after()
    {
        var agent = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Alan Turing").WithEmail(CustomerBuilder.UniqueEmail("alan")).CreateAsync(agent)).Id();
        await (await agent.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = "Alan M. Turing", kind = "contractor", type = "person", reason = "spelling" })))
            .ExpectAsync(HttpStatusCode.OK);
        var duplicate = (await Build.ACustomer("A. M. Turing").CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{id}/merge", Requests.JsonBody(new { duplicateId = duplicate }))).ExpectAsync(HttpStatusCode.OK);
        await (await app.ClientAs(Roles.Supervisor).DeleteAsync($"/api/v1/customers/{id}?reason=test%20data")).ExpectAsync(HttpStatusCode.NoContent);

        var entries = await EntriesAsync(id);

        var created = Single(entries, "customer.added");
        Assert.Equal("Agent Tester", created.Str("actorName"));
        Assert.Null(created["changes"]!["name"]!["before"]);
        Assert.Equal("Alan Turing", created["changes"]!["name"]!["after"]!.GetValue<string>());
        Assert.Contains(entries, e => e.Str("action") == "contactPoint.added");

        var updated = Single(entries, "customer.updated");
        Assert.Equal("spelling", updated.Str("reason"));
        Assert.Equal("Alan Turing", updated["changes"]!["name"]!["before"]!.GetValue<string>());
        Assert.Equal("Alan M. Turing", updated["changes"]!["name"]!["after"]!.GetValue<string>());
        Assert.Equal("External", updated["changes"]!["kind"]!["before"]!.GetValue<string>(), ignoreCase: true);

        var merged = Single(entries, "customer.merged");
        Assert.Equal(duplicate, merged["changes"]!.Str("duplicateId"));
        Assert.Contains(await EntriesAsync(duplicate), e => e.Str("action") == "customer.mergedInto");

        var deleted = Single(entries, "customer.deleted");
        Assert.Equal("Supervisor Tester", deleted.Str("actorName"));
        Assert.Equal("test data", deleted.Str("reason"));
        Assert.Equal("Alan M. Turing", deleted["changes"]!["name"]!["before"]!.GetValue<string>());
        Assert.Null(deleted["changes"]!["name"]!["after"]);
    }

    [Fact]
    public async Task Entries_are_numbered_and_chained_in_order()
    {
        var agent = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer().CreateAsync(agent)).Id();
        await (await agent.PostAsync($"/api/v1/customers/{id}/notes", Requests.JsonBody(new { body = "first" }))).ExpectAsync(HttpStatusCode.Created);

        var entries = await EntriesAsync(id);

        var sequences = entries.Select(e => e["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Str("hash")));
    }

    [Fact]
    public async Task Many_agents_writing_at_once_each_find_their_entry_in_one_unbroken_chain_when_their_request_returns()
    {
        var agents = Enumerable.Range(0, 4).Select(_ => app.ClientAs(Roles.Agent)).ToList();

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var id = (await Build.ACustomer($"Concurrent {i}").WithEmail(CustomerBuilder.UniqueEmail("many")).CreateAsync(agents[i % agents.Count])).Id();
            // Read straight after the write returned: the entry must already be in the chain, not waiting to be sealed.
            Assert.Contains(await EntriesAsync(id), e => e.Str("action") == "customer.added");
            return id;
        }));

        Assert.Equal(40, ids.Distinct().Count());
        var result = await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(result["intact"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(0, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditPending)));
    }

    [Fact]
    public async Task A_created_customer_is_audited_field_by_field_with_its_profile_contact_points_and_masked_card_numbers()
    {
        var email = CustomerBuilder.UniqueEmail("fields");
        var created = await (await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(new
        {
            name = "Grace 4111 1111 1111 1111 Hopper",
            kind = "external",
            organisation = "Navy",
            contactPoints = new object[] { new { type = "email", value = email }, new { type = "phone", value = CustomerBuilder.UniqueUkPhone() } },
            profile = new { preferredChannel = "email", language = "en-GB" },
        }))).ExpectAsync(HttpStatusCode.Created);

        var entries = await EntriesAsync(created.Id());

        var added = Single(entries, "customer.added")["changes"]!;
        Assert.Equal("Grace •••• •••• •••• 1111 Hopper", added["name"]!["after"]!.GetValue<string>());
        Assert.Equal("Navy", added["organisation"]!["after"]!.GetValue<string>());
        Assert.Equal("en-GB", added["profile.language"]!["after"]!.GetValue<string>());
        Assert.Null(added["profile.customerId"]);
        Assert.Equal(2, entries.Count(e => e.Str("action") == "contactPoint.added"));
        Assert.Contains(entries, e => e.Str("action") == "contactPoint.added" && e["changes"]!["normalized"]!["after"]!.GetValue<string>() == email);
        Assert.Equal(created["name"]!.GetValue<string>(), added["name"]!["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_chain_verifies_as_intact()
    {
        await Build.ACustomer().WithPhone(CustomerBuilder.UniqueUkPhone()).CreateAsync(app.ClientAs(Roles.Agent));

        var result = await (await app.ClientAs(Roles.Auditor).GetAsync("/api/v1/audit/verify")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(result["intact"]!.GetValue<bool>(), result.ToJsonString());
        Assert.True(result["entriesChecked"]!.GetValue<long>() > 0);
        Assert.Null(result["firstBrokenSequence"]);
    }

    [Fact]
    public async Task The_audit_list_pages_with_a_cursor_and_filters_by_action()
    {
        var agent = app.ClientAs(Roles.Agent);
        for (var i = 0; i < 3; i++)
        {
            await Build.ACustomer().CreateAsync(agent);
        }

        var auditor = app.ClientAs(Roles.Auditor);
        var first = await (await auditor.GetAsync("/api/v1/audit?action=customer.added&limit=2")).ExpectAsync(HttpStatusCode.OK);
        var next = first.Str("next");
        var second = await (await auditor.GetAsync($"/api/v1/audit?action=customer.added&limit=2&after={Uri.EscapeDataString(next)}")).ExpectAsync(HttpStatusCode.OK);

        var all = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(e => e!).ToList();
        Assert.All(all, e => Assert.Equal("customer.added", e.Str("action")));
        Assert.True(first["items"]![1]!["sequence"]!.GetValue<long>() > second["items"]![0]!["sequence"]!.GetValue<long>());
        await (await auditor.GetAsync("/api/v1/audit?after=garbage")).ExpectProblemAsync(HttpStatusCode.BadRequest, "after");
    }
}

public sealed class AuditTrailTestsOnSqlite(SqliteRapportFactory app) : AuditTrailTests<SqliteRapportFactory>(app);

public sealed class AuditTrailTestsOnPostgres(PostgresRapportFactory app) : AuditTrailTests<PostgresRapportFactory>(app);
