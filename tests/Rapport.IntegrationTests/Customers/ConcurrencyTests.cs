using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class ConcurrencyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static StringContent Update(string name) => Requests.JsonBody(new { name, kind = "external", type = "person" });

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_returns_a_new_one()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Mary Jackson").CreateAsync(client)).Id();
        var read = await client.GetAsync($"/api/v1/customers/{id}");
        var etag = read.Headers.ETag!;

        var response = await client.SendAsync(HttpMethod.Put, $"/api/v1/customers/{id}", Update("Mary W. Jackson"), h => h.IfMatch.Add(etag));

        var updated = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Mary W. Jackson", updated.Str("name"));
        Assert.NotEqual(etag, response.Headers.ETag);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Dorothy Vaughan").CreateAsync(client)).Id();
        var stale = (await client.GetAsync($"/api/v1/customers/{id}")).Headers.ETag!;
        var first = await client.SendAsync(HttpMethod.Put, $"/api/v1/customers/{id}", Update("Dorothy J. Vaughan"), h => h.IfMatch.Add(stale));
        await first.ExpectAsync(HttpStatusCode.OK);
        var auditBefore = (await Counts.OfAsync(app)).AuditEntries;

        var second = await client.SendAsync(HttpMethod.Put, $"/api/v1/customers/{id}", Update("Overwritten"), h => h.IfMatch.Add(stale));

        await second.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var now = await (await client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Dorothy J. Vaughan", now.Str("name"));
        Assert.Equal(auditBefore, (await Counts.OfAsync(app)).AuditEntries);
    }

    [Fact]
    public async Task Adding_a_contact_point_with_a_stale_etag_is_412()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Annie Easley").CreateAsync(client)).Id();
        var stale = (await client.GetAsync($"/api/v1/customers/{id}")).Headers.ETag!;
        await (await client.PutAsync($"/api/v1/customers/{id}", Update("Annie J. Easley"))).ExpectAsync(HttpStatusCode.OK);

        var response = await client.SendAsync(HttpMethod.Post, $"/api/v1/customers/{id}/contact-points",
            Requests.JsonBody(new { type = "email", value = CustomerBuilder.UniqueEmail() }), h => h.IfMatch.Add(stale));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var now = await (await client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(now["contactPoints"]!.AsArray());
    }

    [Fact]
    public async Task The_etag_changes_when_a_contact_point_is_added()
    {
        var client = app.ClientAs(Roles.Agent);
        var id = (await Build.ACustomer("Christine Darden").CreateAsync(client)).Id();
        var before = (await client.GetAsync($"/api/v1/customers/{id}")).Headers.ETag;

        await (await client.PostAsync($"/api/v1/customers/{id}/contact-points",
            Requests.JsonBody(new { type = "phone", value = CustomerBuilder.UniqueUkPhone() }))).ExpectAsync(HttpStatusCode.Created);

        Assert.NotEqual(before, (await client.GetAsync($"/api/v1/customers/{id}")).Headers.ETag);
    }
}

public sealed class ConcurrencyTestsOnSqlite(SqliteRapportFactory app) : ConcurrencyTests<SqliteRapportFactory>(app);

public sealed class ConcurrencyTestsOnPostgres(PostgresRapportFactory app) : ConcurrencyTests<PostgresRapportFactory>(app);
