using Rapport.Features.Identity;
using Rapport.Infrastructure.Security;

namespace Rapport.IntegrationTests.Api;

/// <summary>
/// Every kind of answer carries the security headers that mean something for it: documents (pages, errors, SVGs, API
/// answers, the API reference) all of them with their policy; styles, scripts and Blazor's JSON only nosniff.
/// </summary>
public abstract class SecurityHeadersTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static void AssertHeaders(HttpResponseMessage response, string policy)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what} has no Content-Security-Policy");
        Assert.Equal(policy, Assert.Single(csp));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    private static void AssertOnlyNosniff(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        foreach (var header in new[] { "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy" })
        {
            Assert.False(response.Headers.Contains(header), $"{what} carries {header}, which only a document needs.");
        }
    }

    [Fact]
    public async Task Pages_a_missing_page_and_svg_images_carry_the_page_policy()
    {
        var anonymous = app.ClientAs(null);
        using var login = await anonymous.GetAsync("/login");
        using var favicon = await anonymous.GetAsync("/favicon.svg");
        using var sprite = await anonymous.GetAsync("/icons.svg");
        var agent = await app.SignedInWithCookieAsync((await app.CreateStaffAsync(Roles.Agent)).Email!);
        using var inbox = await agent.GetAsync("/inbox");
        using var missing = await agent.GetAsync("/no-such-page");
        using var missingStylesheet = await agent.GetAsync("/no-such-file.css");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        // An SVG opened by itself is a document that may run script: it keeps the page's policy.
        Assert.Equal("image/svg+xml", favicon.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/svg+xml", sprite.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingStylesheet.StatusCode);
        foreach (var response in new[] { login, inbox, favicon, sprite, missing, missingStylesheet })
        {
            AssertHeaders(response, SecurityHeaders.PagePolicy);
            Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        }
    }

    [Fact]
    public async Task Stylesheets_scripts_and_blazors_json_carry_nosniff_without_the_document_headers()
    {
        var anonymous = app.ClientAs(null);
        var page = await (await anonymous.GetAsync("/login")).Content.ReadAsStringAsync();
        var linked = System.Text.RegularExpressions.Regex.Matches(page, "(?:href|src)=\"([^\"]+\\.(?:css|js)[^\"]*)\"")
            .Select(m => "/" + System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).TrimStart('/'))
            .ToList();
        Assert.Contains(linked, l => l.StartsWith("/_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(linked, l => l.StartsWith("/mudblazor.", StringComparison.Ordinal));
        Assert.Contains(linked, l => l.StartsWith("/_content/MudBlazor/MudBlazor.min.js", StringComparison.Ordinal));

        var responses = new List<HttpResponseMessage>();
        foreach (var path in linked)
        {
            responses.Add(await anonymous.GetAsync(path));
        }

        var agent = await app.SignedInWithCookieAsync((await app.CreateStaffAsync(Roles.Agent)).Email!);
        responses.Add(await agent.PostAsync("/_blazor/negotiate?negotiateVersion=1", null));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertOnlyNosniff(response);
            response.Dispose();
        }
    }

    [Fact]
    public void The_page_policy_allows_no_inline_or_foreign_script_and_no_framing()
    {
        var directives = SecurityHeaders.PagePolicy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);

        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.Equal("form-action 'self'", directives["form-action"]);
    }

    [Fact]
    public async Task Api_answers_and_api_errors_carry_the_api_policy()
    {
        var agent = app.ClientAs(Roles.Agent);
        using var ok = await agent.GetAsync("/api/v1/users/me");
        using var notFound = await agent.GetAsync($"/api/v1/customers/{Guid.NewGuid()}");
        // Malformed JSON goes through the exception handler, which clears the headers of the response it replaces.
        using var malformed = await agent.PostAsync("/api/v1/customers", Requests.JsonBody("{\"name\":"));
        using var anonymous = await app.ClientAs(null).GetAsync("/api/v1/customers");
        using var health = await app.ClientAs(null).GetAsync("/health");
        using var document = await app.ClientAs(null).GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        foreach (var response in new[] { ok, notFound, malformed, anonymous, health, document })
        {
            AssertHeaders(response, SecurityHeaders.ApiPolicy);
        }

        Assert.Equal("default-src 'none'; frame-ancestors 'none'", SecurityHeaders.ApiPolicy);
    }

    [Fact]
    public async Task The_api_reference_carries_its_own_policy()
    {
        using var reference = await app.ClientAs(null).GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        AssertHeaders(reference, SecurityHeaders.ReferencePolicy);
    }
}

public sealed class SecurityHeadersTestsOnSqlite(SqliteRapportFactory app) : SecurityHeadersTests<SqliteRapportFactory>(app);

public sealed class SecurityHeadersTestsOnPostgres(PostgresRapportFactory app) : SecurityHeadersTests<PostgresRapportFactory>(app);
