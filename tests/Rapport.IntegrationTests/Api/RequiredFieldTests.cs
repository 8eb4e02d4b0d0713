using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// A field the OpenAPI document calls required must be sent: leaving it out is a 400 naming it, never a fallback to a
/// default (an absent status used to reopen a closed conversation, an absent ownerId to unassign a case). Null is still
/// how a nullable field clears something, when it is sent.
/// </summary>
public abstract partial class RequiredFieldTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static async Task<string> MeAsync(HttpClient client) => (await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id();

    private async Task<string> ClosedConversationAsync()
    {
        var id = (await Inbound.AnEmail().Subject("Required fields").ReceiveAsync(admin)).ConversationId();
        var closed = await (await agent.PostAsync($"/api/v1/conversations/{id}/status", Requests.JsonBody(new { status = "closed" }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("closed", closed.Str("status"));
        return id;
    }

    private async Task<JsonNode> ConversationAsync(string id) =>
        (await (await agent.GetAsync($"/api/v1/conversations/{id}")).ExpectAsync(HttpStatusCode.OK))["conversation"]!;

    private async Task<JsonNode> CaseAsync(string id) => (await (await agent.GetAsync($"/api/v1/cases/{id}")).ExpectAsync(HttpStatusCode.OK))["case"]!;

    private async Task<(string Id, string Owner, string Team)> OwnedCaseAsync()
    {
        var team = (await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Required {Unique.Letters()}" })))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        var me = await MeAsync(agent);
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Owned", ownerId = me, teamId = team })))
            .ExpectAsync(HttpStatusCode.Created);
        return (created["case"]!.Id(), me, team);
    }

    [Fact]
    public async Task An_empty_status_body_is_a_400_naming_status_and_the_closed_conversation_stays_closed()
    {
        var id = await ClosedConversationAsync();

        var response = await agent.PostAsync($"/api/v1/conversations/{id}/status", Requests.JsonBody("{}"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        Assert.Contains("status", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("closed", (await ConversationAsync(id)).Str("status"));
    }

    [Fact]
    public async Task An_empty_assign_body_is_a_400_naming_the_fields_and_the_case_keeps_its_owner_and_team()
    {
        var (id, owner, team) = await OwnedCaseAsync();

        await (await agent.PostAsync($"/api/v1/cases/{id}/assign", Requests.JsonBody("{}"))).ExpectProblemAsync(HttpStatusCode.BadRequest, "ownerId");
        await (await agent.PostAsync($"/api/v1/cases/{id}/assign", Requests.JsonBody(new { ownerId = owner })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "teamId");

        var unchanged = await CaseAsync(id);
        Assert.Equal(owner, unchanged.Str("ownerId"));
        Assert.Equal(team, unchanged.Str("teamId"));
    }

    [Fact]
    public async Task A_missing_field_inside_an_object_is_named_by_its_path_and_nothing_changes()
    {
        var (id, owner, team) = await OwnedCaseAsync();

        var response = await agent.PostAsync("/api/v1/cases/bulk", Requests.JsonBody(new { ids = new[] { id }, assign = new { } }));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "assign.ownerId");
        var unchanged = await CaseAsync(id);
        Assert.Equal(owner, unchanged.Str("ownerId"));
        Assert.Equal(team, unchanged.Str("teamId"));
    }

    [Fact]
    public async Task Null_sent_on_purpose_still_clears_an_owner_and_an_assignee()
    {
        var (id, _, _) = await OwnedCaseAsync();
        var conversation = await ClosedConversationAsync();
        await (await agent.PostAsync($"/api/v1/conversations/{conversation}/assign", Requests.JsonBody(new { assigneeId = await MeAsync(agent), teamId = (string?)null })))
            .ExpectAsync(HttpStatusCode.OK);

        var unassignedCase = await (await agent.PostAsync($"/api/v1/cases/{id}/assign", Requests.JsonBody("""{"ownerId":null,"teamId":null}""")))
            .ExpectAsync(HttpStatusCode.OK);
        var unassignedConversation = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/assign",
            Requests.JsonBody("""{"assigneeId":null,"teamId":null}"""))).ExpectAsync(HttpStatusCode.OK);

        Assert.Null(unassignedCase["case"]!["ownerId"]);
        Assert.Null(unassignedCase["case"]!["teamId"]);
        Assert.Null(unassignedConversation["assigneeId"]);
        Assert.Null((await CaseAsync(id))["ownerId"]);
    }

    [Fact]
    public async Task Optional_fields_stay_optional()
    {
        // Fields with a documented default may be left out: priority (normal), restricted (false), an approval's note.
        var customer = (await Build.ACustomer().CreateAsync(agent)).Id();
        var created = await (await agent.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Defaults" })))
            .ExpectAsync(HttpStatusCode.Created);
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Optional {Unique.Letters()}" })))
            .ExpectAsync(HttpStatusCode.Created);
        var policy = await (await admin.PostAsync("/api/v1/service-standards/policies", Requests.JsonBody(new { name = "Optional", channel = "sms", resolutionMinutes = 600 })))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("normal", created["case"]!.Str("priority"));
        Assert.False(team["restricted"]!.GetValue<bool>());
        Assert.True(policy["businessHours"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_write_whose_body_has_required_fields_refuses_an_empty_object_naming_one_of_them()
    {
        var document = await (await admin.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var checkedEndpoints = new List<string>();
        var before = await WrittenAsync();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is not ("post" or "put" or "patch")
                    || operation!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() is not { } reference)
                {
                    continue;
                }

                var required = schemas[reference.Split('/')[^1]]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
                if (required.Count == 0)
                {
                    continue;
                }

                var url = PathParameter().Replace(path, _ => Guid.NewGuid().ToString());
                using var response = await admin.SendAsync(new HttpMethod(method.ToUpperInvariant()), url, Requests.JsonBody("{}"));
                var body = await response.Content.ReadAsStringAsync();
                var errors = response.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(body)?["errors"]?.AsObject() : null;
                checkedEndpoints.Add($"{method.ToUpperInvariant()} {path}");
                if (errors is null || !errors.Any(e => required.Contains(e.Key)))
                {
                    failures.Add($"{method.ToUpperInvariant()} {path} with {{}}: {(int)response.StatusCode} {body} (required: {string.Join(", ", required)})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedEndpoints.Count >= 30, "Too few endpoints found in the OpenAPI document: " + string.Join(", ", checkedEndpoints));
        Assert.Contains("POST /api/v1/conversations/{id}/status", checkedEndpoints);
        Assert.Contains("POST /api/v1/cases/{id}/assign", checkedEndpoints);
        Assert.Equal(before, await WrittenAsync());
    }

    private Task<string> WrittenAsync() => app.WithDbAsync(async db =>
        $"audit={await db.AuditEntries.CountAsync()} idempotency={await db.IdempotencyRecords.CountAsync()} outbox={await db.OutboxItems.CountAsync()}");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}

public sealed class RequiredFieldTestsOnSqlite(SqliteRapportFactory app) : RequiredFieldTests<SqliteRapportFactory>(app);

public sealed class RequiredFieldTestsOnPostgres(PostgresRapportFactory app) : RequiredFieldTests<PostgresRapportFactory>(app);
