using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Names in any language are accepted, names with control characters are not, and neither ever gives a 5xx: a create
/// answers 201 with a valid, ASCII <c>Location</c>, or a 4xx problem naming the field after writing nothing. (A case kind
/// named "Réclamation" used to commit and then fail with a 500 building its Location header from a non-ASCII key.)
/// </summary>
public abstract class UnsafeNameTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Rows of every table a create with a name writes to, and the audit trail.</summary>
    private Task<string> RowsAsync() => app.WithDbAsync(async db => string.Join(", ",
        $"caseKinds={await db.CaseKinds.CountAsync()}", $"teams={await db.Teams.CountAsync()}", $"tokens={await db.ApiTokens.CountAsync()}",
        $"customers={await db.Customers.CountAsync()}", $"users={await db.Users.CountAsync()}", $"audit={await db.AuditEntries.CountAsync()}",
        $"idempotency={await db.IdempotencyRecords.CountAsync()}"));

    private static void AssertAsciiLocation(HttpResponseMessage response, string expectedPrefix)
    {
        var location = response.Headers.Location?.OriginalString;
        Assert.NotNull(location);
        Assert.True(location.All(char.IsAscii), $"Location '{location}' is not ASCII");
        Assert.StartsWith(expectedPrefix, location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Réclamation {0}", "reclamation-{0}")]
    [InlineData("Ärger über Lärm {0}", "arger-uber-larm-{0}")]
    [InlineData("Straße/Öffnung? {0}", "strasse-offnung-{0}")]
    [InlineData("Zhaloba (Жалоба) {0}", "zhaloba-{0}")]
    public async Task A_kind_named_in_any_language_gets_an_ascii_key_and_a_location_that_works(string nameFormat, string keyFormat)
    {
        var tag = Tag();
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, nameFormat, tag);
        var key = string.Format(System.Globalization.CultureInfo.InvariantCulture, keyFormat, tag);

        var response = await admin.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name }));

        var kind = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(key, kind.Str("key"));
        Assert.Equal(name, kind.Str("name"));
        Assert.Equal($"/api/v1/case-kinds/{key}", response.Headers.Location?.OriginalString);
        var kinds = await (await admin.GetAsync("/api/v1/case-kinds")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(kinds.AsArray(), k => k!.Str("key") == key && k!.Str("name") == name);
        var customer = (await Build.ACustomer().CreateAsync(admin)).Id();
        var created = await (await admin.PostAsync("/api/v1/cases", Requests.JsonBody(new { customerId = customer, title = "Kind in use", kind = key })))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(key, created["case"]!.Str("kind"));

        // The Location names a resource the API can act on (DELETE; the kind is in use, so a conflict rather than a 404).
        await (await admin.DeleteAsync(response.Headers.Location)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("Жалоба")]
    [InlineData("苦情")]
    [InlineData("¿?!")]
    public async Task A_kind_name_no_key_can_be_made_from_is_a_400_naming_the_field_and_writes_nothing(string name)
    {
        var before = await RowsAsync();

        var response = await admin.PostAsync("/api/v1/case-kinds", Requests.JsonBody(new { name }));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal(before, await RowsAsync());
    }

    public static TheoryData<string> ControlCharacters() => new() { "\0", "\t", "\n", "\r", "\u001b[31m", "\u007f", "\u2028", "\u202e" };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task A_name_with_a_control_character_is_a_400_naming_the_field_and_writes_nothing(string control)
    {
        var name = $"Bad{control}name {Tag()}";
        var creates = new (string Url, object Body, string Field)[]
        {
            ("/api/v1/case-kinds", new { name }, "name"),
            ("/api/v1/teams", new { name }, "name"),
            ("/api/v1/tokens", new { name }, "name"),
            ("/api/v1/customers", new { name }, "name"),
            ("/api/v1/complaints/causes", new { name }, "name"),
            ("/api/v1/users", new { email = CustomerBuilder.UniqueEmail("staff"), displayName = name, role = "Agent", password = "long enough password" }, "displayName"),
        };
        var organisation = (await (await admin.GetAsync("/api/v1/organisation")).ExpectAsync(HttpStatusCode.OK)).ToJsonString();
        var before = await RowsAsync();

        foreach (var (url, body, field) in creates)
        {
            // With and without an Idempotency-Key: the key's own record must not be written either.
            await (await admin.PostAsync(url, Requests.JsonBody(body))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
            await (await admin.SendAsync(HttpMethod.Post, url, Requests.JsonBody(body), h => h.Add("Idempotency-Key", Guid.NewGuid().ToString())))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        }

        await (await admin.PutAsync("/api/v1/organisation", Requests.JsonBody(new { name })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal(before, await RowsAsync());
        Assert.Equal(organisation, (await (await admin.GetAsync("/api/v1/organisation")).ExpectAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task A_customer_renamed_with_a_control_character_is_a_400_and_keeps_its_name()
    {
        var customer = await Build.ACustomer($"Zoë Ågren {Tag()}").CreateAsync(admin);
        var before = await RowsAsync();

        var response = await admin.PutAsync($"/api/v1/customers/{customer.Id()}",
            Requests.JsonBody(new { name = "Zoë\nÅgren", kind = "external", type = "person" }));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Equal(before, await RowsAsync());
        var after = await (await admin.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(customer.Str("name"), after.Str("name"));
    }

    [Fact]
    public async Task Every_create_that_takes_a_name_answers_a_non_ascii_name_with_an_ascii_location()
    {
        var name = $"Zoë Ågren-Łódź 苦情 {Tag()}";
        var creates = new (string Url, JsonObject Body, string LocationPrefix)[]
        {
            ("/api/v1/case-kinds", new JsonObject { ["name"] = $"Dépôt {Tag()}" }, "/api/v1/case-kinds/depot-"),
            ("/api/v1/teams", new JsonObject { ["name"] = name }, "/api/v1/teams/"),
            ("/api/v1/tokens", new JsonObject { ["name"] = name }, "/api/v1/tokens/"),
            ("/api/v1/customers", new JsonObject { ["name"] = name }, "/api/v1/customers/"),
            ("/api/v1/users", new JsonObject { ["email"] = CustomerBuilder.UniqueEmail("staff"), ["displayName"] = name, ["role"] = "Agent", ["password"] = "long enough password" },
                "/api/v1/users/"),
            ("/api/v1/service-standards/policies", new JsonObject { ["name"] = name, ["priority"] = "low", ["channel"] = "chat", ["firstResponseMinutes"] = 60 },
                "/api/v1/service-standards/policies/"),
        };

        foreach (var (url, body, prefix) in creates)
        {
            var response = await admin.PostAsync(url, Requests.JsonBody(body.ToJsonString()));

            await response.ExpectAsync(HttpStatusCode.Created);
            AssertAsciiLocation(response, prefix);
            if (url == "/api/v1/customers")
            {
                var customer = await (await admin.GetAsync(response.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
                Assert.Equal(name, customer.Str("name"));
            }
        }
    }
}

public sealed class UnsafeNameTestsOnSqlite(SqliteRapportFactory app) : UnsafeNameTests<SqliteRapportFactory>(app);

public sealed class UnsafeNameTestsOnPostgres(PostgresRapportFactory app) : UnsafeNameTests<PostgresRapportFactory>(app);
