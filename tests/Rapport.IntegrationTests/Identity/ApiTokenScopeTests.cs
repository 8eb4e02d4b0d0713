using System.Text.Json.Nodes;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// A token's scope limits it below its user's role, whatever the endpoint: read tokens only read, ingest tokens only
/// feed messages in. Tokens expire (by default after 90 days, at most a year) and an expired one gets 401 saying so.
/// </summary>
public abstract class ApiTokenScopeTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static async Task<(JsonNode Created, HttpClient Client)> TokenAsync(TFactory app, string role, object request)
    {
        var created = await (await app.ClientAs(role).PostAsync("/api/v1/tokens", Requests.JsonBody(request))).ExpectAsync(HttpStatusCode.Created);
        return (created, app.ClientWithToken(created.Str("secret")));
    }

    [Fact]
    public async Task A_read_token_reads_but_is_refused_every_write_with_403()
    {
        var (created, read) = await TokenAsync(app, Roles.Agent, new { name = "dashboard", scope = "read" });
        Assert.Equal("read", created.Str("scope"));

        await (await read.GetAsync("/api/v1/customers")).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await read.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = "Not Made" }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("https://rapport.dev/problems/token-scope", problem.Str("type"));
        await (await read.PostAsync("/api/v1/tokens", Requests.JsonBody(new { name = "escalate" }))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", Requests.JsonBody(new { name = "Made By Full" }))).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_ingest_token_feeds_messages_in_but_cannot_read_customers()
    {
        var customer = await Build.ACustomer().WithEmail(CustomerBuilder.UniqueEmail()).CreateAsync(app.ClientAs(Roles.Agent));
        var (_, ingest) = await TokenAsync(app, Roles.Administrator, new { name = "sms gateway", scope = "ingest" });

        await (await ingest.GetAsync($"/api/v1/customers/{customer.Id()}")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await ingest.GetAsync("/api/v1/conversations")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var received = await ingest.PostAsync("/api/v1/inbound-messages", Requests.JsonBody(new
        {
            channel = "sms",
            providerMessageId = Guid.NewGuid().ToString(),
            from = new { phone = "+447700900456" },
            text = "ingested",
        }));
        Assert.True(received.IsSuccessStatusCode, $"ingest: {(int)received.StatusCode} {await received.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401_saying_it_expired()
    {
        var expiresAt = app.Clock.GetUtcNow().AddDays(1);
        var (created, client) = await TokenAsync(app, Roles.Agent, new { name = "short", expiresAt });
        Assert.Equal(expiresAt.UtcDateTime, created["expiresAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
        await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK); // cached from now on

        app.Clock.Advance(TimeSpan.FromDays(1));

        using var refused = await client.GetAsync("/api/v1/users/me");
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("https://rapport.dev/problems/token-expired", problem.Str("type"));
        Assert.Contains("expired", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var listed = await (await app.ClientAs(Roles.Agent).GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(listed.AsArray().Single(t => t!.Id() == created.Id())!["expiresAt"]);
    }

    [Fact]
    public async Task A_new_token_lasts_90_days_unless_asked_and_never_more_than_a_year()
    {
        var agent = app.ClientAs(Roles.Agent);
        var (created, _) = await TokenAsync(app, Roles.Agent, new { name = "default" });
        Assert.Equal("full", created.Str("scope"));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90).UtcDateTime, created["expiresAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));

        await (await agent.PostAsync("/api/v1/tokens", Requests.JsonBody(new { name = "forever", expiresAt = app.Clock.GetUtcNow().AddDays(366) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresAt");
        await (await agent.PostAsync("/api/v1/tokens", Requests.JsonBody(new { name = "past", expiresAt = app.Clock.GetUtcNow().AddMinutes(-1) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "expiresAt");
        await (await agent.PostAsync("/api/v1/tokens", Requests.JsonBody(new { name = "odd", scope = "admin" }))).ExpectProblemAsync(HttpStatusCode.BadRequest);

        // Tokens made before scopes and expiry (and by the CLI) are full and never expire.
        var listed = await (await agent.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        var old = listed.AsArray().Single(t => t!.Str("name") == $"{Roles.Agent} tests")!;
        Assert.Equal("full", old.Str("scope"));
        Assert.Null(old["expiresAt"]);
    }
}

public sealed class ApiTokenScopeTestsOnSqlite(SqliteRapportFactory app) : ApiTokenScopeTests<SqliteRapportFactory>(app);

public sealed class ApiTokenScopeTestsOnPostgres(PostgresRapportFactory app) : ApiTokenScopeTests<PostgresRapportFactory>(app);
