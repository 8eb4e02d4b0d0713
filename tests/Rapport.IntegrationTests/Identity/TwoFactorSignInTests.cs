using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// A person with two-factor sign-in gives a code from their authenticator app after their password: a wrong code, a
/// code more than one step old and a code already used are refused; a recovery code works once. The full sign-in is
/// recorded as the person's last sign-in.
/// </summary>
public abstract class TwoFactorSignInTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Wrong = "That code is not right";

    /// <summary>A person with two-factor on (set up as the enrolment page does it) and their authenticator key.</summary>
    private async Task<(AppUser User, string Key)> EnrolledAsync()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(person.Id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (person, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    private async Task<CookieSession> PasswordGivenAsync(AppUser person)
    {
        var browser = CookieSession.For(app);
        using var password = await browser.SignInAsync(person.Email!);
        Assert.Equal(HttpStatusCode.Found, password.StatusCode);
        Assert.Equal("/login/two-factor", password.RedirectPath());
        Assert.False(browser.Has("rapport.auth"), "The password alone does not sign a two-factor person in.");
        return browser;
    }

    [Fact]
    public async Task The_password_alone_does_not_sign_in_and_a_wrong_code_is_refused()
    {
        var (person, key) = await EnrolledAsync();
        var browser = await PasswordGivenAsync(person);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);

        var right = TestTotp.CodeAt(key, app.Clock.GetUtcNow());
        var wrong = ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
        using var refused = await browser.GiveCodeAsync(wrong);
        Assert.Contains(Wrong, await refused.ExpectTextAsync(HttpStatusCode.OK), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);

        using var accepted = await browser.GiveCodeAsync(right);
        Assert.Equal(HttpStatusCode.Found, accepted.StatusCode);
        Assert.Equal("/inbox", accepted.RedirectPath());
        var me = await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(me["twoFactorEnabled"]!.GetValue<bool>());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, me["lastSignInAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_code_is_accepted_once_and_only_within_one_step_of_now()
    {
        var (person, key) = await EnrolledAsync();
        var code = TestTotp.CodeAt(key, app.Clock.GetUtcNow());
        using (var first = await (await PasswordGivenAsync(person)).GiveCodeAsync(code))
        {
            Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        }

        // The same code again in the same 30 seconds, as someone who saw it over the person's shoulder would try.
        using var replayed = await (await PasswordGivenAsync(person)).GiveCodeAsync(code);
        Assert.Contains(Wrong, await replayed.ExpectTextAsync(HttpStatusCode.OK), StringComparison.Ordinal);

        // Two steps old: outside the window even though never used.
        using var stale = await (await PasswordGivenAsync(person)).GiveCodeAsync(TestTotp.CodeAt(key, app.Clock.GetUtcNow().AddSeconds(-60)));
        Assert.Contains(Wrong, await stale.ExpectTextAsync(HttpStatusCode.OK), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using var next = await (await PasswordGivenAsync(person)).GiveCodeAsync(TestTotp.CodeAt(key, app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Found, next.StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_stored_only_hashed()
    {
        var (person, _) = await EnrolledAsync();
        List<string> codes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            codes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(person.Id.ToString()))!, 10))!];
        }

        using (var used = await (await PasswordGivenAsync(person)).GiveCodeAsync(codes[0]))
        {
            Assert.Equal(HttpStatusCode.Found, used.StatusCode);
        }

        using var again = await (await PasswordGivenAsync(person)).GiveCodeAsync(codes[0]);
        Assert.Contains(Wrong, await again.ExpectTextAsync(HttpStatusCode.OK), StringComparison.Ordinal);
        using var another = await (await PasswordGivenAsync(person)).GiveCodeAsync(codes[1].ToLowerInvariant());
        await another.ExpectTextAsync(HttpStatusCode.Found);

        var stored = await app.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == person.Id).Select(t => t.Value ?? "").ToListAsync());
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, v => codes.Any(c => v.Contains(c, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_person_without_two_factor_signs_in_with_the_password_and_it_is_recorded()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);
        var browser = CookieSession.For(app);
        using var signedIn = await browser.SignInAsync(person.Email!);
        Assert.Equal("/inbox", signedIn.RedirectPath());

        var listed = await (await app.ClientAs(Roles.Administrator).GetAsync("/api/v1/users")).ExpectAsync(HttpStatusCode.OK);
        var row = listed.AsArray().Single(u => u!.Id() == person.Id.ToString())!;
        Assert.False(row["twoFactorEnabled"]!.GetValue<bool>());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, row["lastSignInAt"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }
}

public sealed class TwoFactorSignInTestsOnSqlite(SqliteRapportFactory app) : TwoFactorSignInTests<SqliteRapportFactory>(app);

public sealed class TwoFactorSignInTestsOnPostgres(PostgresRapportFactory app) : TwoFactorSignInTests<PostgresRapportFactory>(app);
