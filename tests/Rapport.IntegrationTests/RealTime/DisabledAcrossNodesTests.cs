using Microsoft.AspNetCore.Mvc.Testing;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.RealTime;

/// <summary>
/// Two nodes on one PostgreSQL database: a person disabled on one node cannot use their API token on the other, which
/// had it cached, without waiting for the cache entry to expire (the clock does not move in this test).
/// </summary>
public sealed class DisabledAcrossNodesTests(PostgresRapportFactory app) : IClassFixture<PostgresRapportFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly WebApplicationFactory<Program> other = Started(app.AnotherNode());

    private static WebApplicationFactory<Program> Started(WebApplicationFactory<Program> node)
    {
        node.CreateClient().Dispose(); // builds and starts the host, and with it the backplane's listener
        return node;
    }

    private HttpClient OnOtherNode(string secret)
    {
        var client = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task A_token_cached_on_another_node_stops_when_its_person_is_disabled()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);
        var elsewhere = OnOtherNode(await app.IssueTokenAsync(person.Id, "used on node two"));
        await (await elsewhere.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await app.ClientAs(Roles.Administrator).PostAsync($"/api/v1/users/{person.Id}/disable", null)).ExpectAsync(HttpStatusCode.OK);

        var deadline = DateTime.UtcNow + Patience;
        var status = HttpStatusCode.OK;
        while (DateTime.UtcNow < deadline && (status = (await elsewhere.GetAsync("/api/v1/users/me")).StatusCode) == HttpStatusCode.OK)
        {
            await Task.Delay(100);
        }

        // Without the signal, node two would answer from its cache until the entry expired, and the clock never moves here.
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
