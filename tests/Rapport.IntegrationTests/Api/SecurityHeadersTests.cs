using Rapport.Features.Identity;
using Rapport.Infrastructure.Security;

namespace Rapport.IntegrationTests.Api;

/// <summary>Every kind of answer carries the security headers: pages, static files, API answers, errors and the API reference.</summary>
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

    [Fact]
    public async Task Pages_static_files_and_a_missing_page_carry_the_page_policy()
    {
        var anonymous = app.ClientAs(null);
        using var login = await anonymous.GetAsync("/login");
        using var css = await anonymous.GetAsync("/app.css");
        using var missing = await (await app.SignedInWithCookieAsync((await app.CreateStaffAsync(Roles.Agent)).Email!)).GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var response in new[] { login, css, missing })
        {
            AssertHeaders(response, SecurityHeaders.PagePolicy);
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
