using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// API writes need a bearer token: the browser's sign-in cookie (which the browser sends on its own, whichever page
/// made the request) reads the API but changes nothing. Every API endpoint answers a caller without credentials 401
/// with a bearer challenge before it looks at the body.
/// </summary>
public abstract partial class ApiCredentialTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private List<(string Method, string Route)> ApiEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]))
            .Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => (m, e.Route)))
            .ToList();

    /// <summary>The route with every parameter filled in (an id that exists nowhere).</summary>
    private static string Url(string route) => RouteParameter().Replace(route, _ => Guid.NewGuid().ToString());

    [Fact]
    public async Task Every_api_write_with_only_the_sign_in_cookie_is_refused_with_403_and_writes_nothing()
    {
        var admin = await app.CreateStaffAsync(Roles.Administrator);
        var browser = await app.SignedInWithCookieAsync(admin.Email!);
        var writes = ApiEndpoints().Where(e => e.Method is not ("GET" or "HEAD")).ToList();
        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync());

        var failures = new List<string>();
        foreach (var (method, route) in writes)
        {
            using var response = await browser.SendAsync(new HttpMethod(method), Url(route), Requests.JsonBody(new { name = "Cookie Write" }),
                h => h.Add("Origin", "https://elsewhere.example"));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains("https://rapport.dev/problems/bearer-token-required", StringComparison.Ordinal))
            {
                failures.Add($"{method} {route}: {(int)response.StatusCode} {body}");
            }
        }

        Assert.Contains(writes, e => e is ("POST", "/api/v1/customers"));
        Assert.True(failures.Count == 0, "Accepted with only the cookie:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        Assert.Equal(0, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.Name == "Cookie Write")));
        Assert.Equal(audited, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_cookie_only_write_is_an_RFC_9457_problem_that_says_to_send_a_bearer_token()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var browser = await app.SignedInWithCookieAsync(agent.Email!);

        var problem = await (await browser.PostAsync("/api/v1/customers", Requests.JsonBody(new { name = "Cookie Write" })))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("API writes need a bearer token.", problem.Str("title"));
        Assert.Contains("Authorization: Bearer", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_write_with_the_users_bearer_token_is_accepted()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var browser = await app.SignedInWithCookieAsync(agent.Email!);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(agent.Id, "script"));
        var name = $"Bearer Write {Unique.Letters()}";

        var created = await (await browser.PostAsync("/api/v1/customers", Requests.JsonBody(new { name }))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(name, created.Str("name"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Customers.CountAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task The_sign_in_cookie_still_reads_the_api()
    {
        // The conversation page links to raw emails and attachments under /api/v1; the browser fetches them with its cookie.
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var browser = await app.SignedInWithCookieAsync(agent.Email!);

        var me = await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(agent.Email, me.Str("email"));
    }

    [Fact]
    public async Task Every_api_endpoint_answers_a_caller_without_credentials_401_with_a_bearer_challenge_whatever_the_body()
    {
        var bodies = new Func<HttpContent?>[]
        {
            () => null,
            () => Requests.JsonBody(new { name = "Anonymous" }),
            () => Requests.CsvBody("name\nAnonymous\n"),
            () => new StringContent("<customer/>", Encoding.UTF8, "application/xml"),
        };
        var failures = new List<string>();
        var anonymous = app.ClientAs(null);
        foreach (var (method, route) in ApiEndpoints())
        {
            foreach (var body in bodies)
            {
                using var content = body();
                using var response = await anonymous.SendAsync(new HttpMethod(method), Url(route), content);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme != "Bearer")
                {
                    failures.Add($"{method} {route} with {content?.Headers.ContentType?.MediaType ?? "no body"}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Json_sent_to_the_csv_import_without_credentials_is_401_not_415()
    {
        using var response = await app.ClientAs(null).PostAsync("/api/v1/customers/import", Requests.JsonBody(new { name = "Anonymous" }));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_caller_who_may_call_an_endpoint_still_gets_415_for_the_wrong_media_type()
    {
        await (await app.ClientAs(Roles.Supervisor).PostAsync("/api/v1/customers/import", Requests.JsonBody(new { name = "x" })))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await app.ClientAs(Roles.Agent).PostAsync("/api/v1/customers", new StringContent("name=x", Encoding.UTF8, "text/plain")))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_cookie_forms_sign_in_and_sign_out_need_their_antiforgery_token()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var browser = await app.SignedInWithCookieAsync(agent.Email!);
        var form = new Dictionary<string, string> { ["_handler"] = "login", ["Input.Email"] = agent.Email!, ["Input.Password"] = RapportFactory.StaffPassword };

        using var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        using var signIn = await app.ClientAs(null).PostAsync("/login", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie") && signIn.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("rapport.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_token_is_challenged_as_an_invalid_token()
    {
        using var response = await app.ClientWithToken("rpt_not-a-real-token").GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

public sealed class ApiCredentialTestsOnSqlite(SqliteRapportFactory app) : ApiCredentialTests<SqliteRapportFactory>(app);

public sealed class ApiCredentialTestsOnPostgres(PostgresRapportFactory app) : ApiCredentialTests<PostgresRapportFactory>(app);
