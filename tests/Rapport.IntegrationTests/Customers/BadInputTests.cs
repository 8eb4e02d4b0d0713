using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

/// <summary>No malformed request is a 500 or a half-write: each is a 400 problem naming the field at fault.</summary>
public abstract class BadInputTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly string Long = new('x', 201);

    [Theory]
    [InlineData("""{"name": 42}""", "name")]
    [InlineData("""{"name": "Ada", "contactPoints": "ada@example.com"}""", "contactPoints")]
    [InlineData("""{"name": "Ada", "shoeSize": 42}""", "shoeSize")]
    [InlineData("""{"name": "Ada", "kind": "alien"}""", "kind")]
    [InlineData("""{"name": "Ada", "kind": 1}""", "kind")]
    [InlineData("""{"name": "Ada", "contactPoints": [{"type": "pigeon", "value": "coo"}]}""", "contactPoints[0].type")]
    [InlineData("""{"name": "Ada", "contactPoints": [null]}""", "contactPoints[0]")]
    [InlineData("""{"name": "Ada", "customerSince": "last tuesday"}""", "customerSince")]
    [InlineData("""{"name": "Ada", "profile": {"preferredChannel": "telepathy"}}""", "profile.preferredChannel")]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"kind": "external"}""", "name")]
    public async Task Invalid_customer_json_is_a_400_naming_the_field_and_writes_nothing(string json, string field)
    {
        var before = await Counts.OfAsync(app);

        var response = await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(json));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("organisation")]
    public async Task Over_long_strings_are_a_400_naming_the_field_and_write_nothing(string field)
    {
        var before = await Counts.OfAsync(app);
        var body = Build.ACustomer().Body;
        body[field] = Long;

        var response = await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(body.ToJsonString()));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Theory]
    [InlineData("""{"name": "Ada",""")]
    [InlineData("""{"name": "Ada"} trailing""")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem_and_writes_nothing(string json)
    {
        var before = await Counts.OfAsync(app);

        var response = await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(json));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Fact]
    public async Task Over_long_contact_point_note_and_update_fields_are_400s()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer().CreateAsync(client)).Id();
        var before = await Counts.OfAsync(app);

        await (await client.PostAsync($"/api/v1/customers/{id}/notes", Requests.JsonBody(new { body = new string('n', 10_001) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await client.PostAsync($"/api/v1/customers/{id}/contact-points", Requests.JsonBody(new { type = "postal", value = new string('a', 321) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "value");
        await (await client.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = "Ada", kind = "external", type = "person", reason = new string('r', 1001) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await client.PutAsync($"/api/v1/customers/{id}", Requests.JsonBody(new { name = "Ada", kind = "external", type = "person", profile = new { language = new string('l', 36) } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "profile.language");
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Theory]
    [InlineData("/api/v1/customers/not-a-guid")]
    [InlineData("/api/v1/customers/12345/notes")]
    [InlineData("/api/v1/customers/0197a0a0-zzzz-7000-8000-000000000001/history")]
    public async Task Invalid_ids_in_routes_are_a_400_naming_the_id(string url)
    {
        var response = await app.ClientAs(Roles.Agent).GetAsync(url);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=-5", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?after=not-a-cursor", "after")]
    [InlineData("?after=bm90LWEtY3Vyc29y", "after")]
    [InlineData("?kind=alien", "kind")]
    public async Task Bad_list_parameters_are_a_400_naming_the_parameter(string query, string field)
    {
        var response = await app.ClientAs(Roles.Agent).GetAsync("/api/v1/customers" + query);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_if_match_that_is_not_our_etag_is_a_400()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer().CreateAsync(client)).Id();

        var response = await client.SendAsync(HttpMethod.Put, $"/api/v1/customers/{id}",
            Requests.JsonBody(new { name = "Ada", kind = "external", type = "person" }), h => h.TryAddWithoutValidation("If-Match", "W/\"weak\""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "If-Match");
    }

    [Fact]
    public async Task Unknown_customer_is_a_404_problem()
    {
        var response = await app.ClientAs(Roles.Agent).GetAsync($"/api/v1/customers/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class BadInputTestsOnSqlite(SqliteRapportFactory app) : BadInputTests<SqliteRapportFactory>(app);

public sealed class BadInputTestsOnPostgres(PostgresRapportFactory app) : BadInputTests<PostgresRapportFactory>(app);
