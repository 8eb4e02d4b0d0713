namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Pages start Blazor themselves (live.js) and tell it the circuit has no JavaScript initializers, instead of letting it
/// ask <c>/_blazor/initializers</c> first: one round trip fewer before every page's circuit connects.
/// </summary>
public sealed class InitializersTests(SqliteRapportFactory app) : IClassFixture<SqliteRapportFactory>
{
    [Fact]
    public async Task No_library_ships_a_JavaScript_initializer_which_pages_would_skip()
    {
        var client = app.ClientAs(null);

        using var response = await client.GetAsync("/_blazor/initializers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetArrayLength() == 0,
            $"A library now ships a JavaScript initializer ({json.RootElement}). live.js starts Blazor with an empty " +
            "list of the circuit's initializers, so Blazor does not fetch /_blazor/initializers and this one would never " +
            "run: list it in live.js's Blazor.start (or drop its circuit.initializers there and pay the round trip).");
    }

    [Fact]
    public async Task Pages_load_Blazor_without_starting_it_and_live_js_starts_it()
    {
        var client = app.ClientAs(null);
        var page = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();

        Assert.Matches("<script src=\"_framework/blazor\\.web\\.[a-z0-9]+\\.js\" autostart=\"false\"></script>\\s*<script src=\"live\\.[a-z0-9]+\\.js\">", page);
    }
}
