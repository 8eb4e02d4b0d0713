using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// A browser session ends after 30 minutes without a request, and 12 hours after the password was given however busy
/// the person is (the defaults of Rapport:Identity). Moves this host's clock.
/// </summary>
public abstract class SessionExpiryTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private async Task<CookieSession> SignedInAsync()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);
        var browser = CookieSession.For(app);
        using var signedIn = await browser.SignInAsync(person.Email!);
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        return browser;
    }

    [Fact]
    public async Task A_session_left_idle_for_the_idle_timeout_ends()
    {
        var working = await SignedInAsync();
        var idle = await SignedInAsync();

        // One keeps working (a request every 20 minutes renews its cookie); the other does nothing for 40 minutes.
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await (await working.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(20));

        await (await working.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_busy_session_ends_at_its_absolute_lifetime()
    {
        var browser = await SignedInAsync();
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromHours(11.5))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        }

        app.Clock.Advance(TimeSpan.FromHours(12) - elapsed);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
        using var page = await browser.GetAsync("/customers");
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.StartsWith("http://localhost/login", page.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}

public sealed class SessionExpiryTestsOnSqlite(SqliteRapportFactory app) : SessionExpiryTests<SqliteRapportFactory>(app);

public sealed class SessionExpiryTestsOnPostgres(PostgresRapportFactory app) : SessionExpiryTests<PostgresRapportFactory>(app);
