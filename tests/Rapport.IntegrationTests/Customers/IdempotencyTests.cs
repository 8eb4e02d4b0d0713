using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Customers;

public abstract class IdempotencyTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string key, object body) =>
        await client.SendAsync(HttpMethod.Post, url, Requests.JsonBody(body), h => h.Add("Idempotency-Key", key));

    private Task<int> CustomersNamedAsync(string name) => app.WithDbAsync(db => db.Customers.CountAsync(c => c.Name == name));

    [Fact]
    public async Task Same_key_and_same_body_create_one_customer_and_answer_the_same_id()
    {
        var client = app.ClientAs(Roles.Agent);
        var key = Guid.NewGuid().ToString();
        var name = $"Idempotent {Unique.Letters()}";

        var first = await (await PostAsync(client, "/api/v1/customers", key, new { name })).ExpectAsync(HttpStatusCode.Created);
        var again = await PostAsync(client, "/api/v1/customers", key, new { name });
        var second = await again.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(first.Id(), second.Id());
        Assert.Equal($"/api/v1/customers/{first.Id()}", again.Headers.Location?.ToString());
        Assert.Equal(1, await CustomersNamedAsync(name));
    }

    [Fact]
    public async Task A_replay_carries_the_first_answers_etag()
    {
        var client = app.ClientAs(Roles.Agent);
        var key = Guid.NewGuid().ToString();
        var name = $"Idempotent {Unique.Letters()}";

        var first = await PostAsync(client, "/api/v1/customers", key, new { name });
        var again = await PostAsync(client, "/api/v1/customers", key, new { name });

        await again.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
    }

    [Fact]
    public async Task Racing_requests_with_one_key_create_one_customer_and_all_answer_its_id()
    {
        var client = app.ClientAs(Roles.Agent);
        var key = Guid.NewGuid().ToString();
        var name = $"Racing {Unique.Letters()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(client, "/api/v1/customers", key, new { name })));

        var ids = new List<string>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                ids.Add((await response.ExpectAsync(HttpStatusCode.Created)).Id());
            }
        }

        Assert.NotEmpty(ids);
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CustomersNamedAsync(name));
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_422_and_creates_nothing()
    {
        var client = app.ClientAs(Roles.Agent);
        var key = Guid.NewGuid().ToString();
        var name = $"Idempotent {Unique.Letters()}";
        await (await PostAsync(client, "/api/v1/customers", key, new { name })).ExpectAsync(HttpStatusCode.Created);
        var before = await Counts.OfAsync(app);

        var response = await PostAsync(client, "/api/v1/customers", key, new { name = name + " changed" });

        await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await Counts.OfAsync(app));
    }

    [Fact]
    public async Task The_same_key_from_another_user_is_a_different_request()
    {
        var key = Guid.NewGuid().ToString();
        var name = $"Idempotent {Unique.Letters()}";

        var byAgent = await (await PostAsync(app.ClientAs(Roles.Agent), "/api/v1/customers", key, new { name })).ExpectAsync(HttpStatusCode.Created);
        var bySupervisor = await (await PostAsync(app.ClientAs(Roles.Supervisor), "/api/v1/customers", key, new { name })).ExpectAsync(HttpStatusCode.Created);

        Assert.NotEqual(byAgent.Id(), bySupervisor.Id());
        Assert.Equal(2, await CustomersNamedAsync(name));
    }

    [Fact]
    public async Task The_same_key_and_body_for_another_customer_is_not_replayed()
    {
        var client = app.ClientAs(Roles.Agent);
        var first = (await Build.ACustomer().CreateAsync(client)).Id();
        var second = (await Build.ACustomer().CreateAsync(client)).Id();
        var key = Guid.NewGuid().ToString();
        await (await PostAsync(client, $"/api/v1/customers/{first}/notes", key, new { body = "Called back" })).ExpectAsync(HttpStatusCode.Created);

        var response = await PostAsync(client, $"/api/v1/customers/{second}/notes", key, new { body = "Called back" });

        await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var notes = await (await client.GetAsync($"/api/v1/customers/{second}/notes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(notes.AsArray());
    }

    [Fact]
    public async Task A_rejected_request_does_not_use_up_its_key()
    {
        var client = app.ClientAs(Roles.Agent);
        var key = Guid.NewGuid().ToString();

        await (await PostAsync(client, "/api/v1/customers", key, new { name = "Bad", contactPoints = new[] { new { type = "phone", value = "123" } } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "contactPoints[0].value");
        var name = $"Idempotent {Unique.Letters()}";
        var retry = await PostAsync(client, "/api/v1/customers", key, new { name });

        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, await CustomersNamedAsync(name));
    }
}

public sealed class IdempotencyTestsOnSqlite(SqliteRapportFactory app) : IdempotencyTests<SqliteRapportFactory>(app);

public sealed class IdempotencyTestsOnPostgres(PostgresRapportFactory app) : IdempotencyTests<PostgresRapportFactory>(app);
