using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// The sign-in page tells nobody which emails have accounts (same answer, same work), never sends a password back,
/// and refuses further attempts after too many failures for one account or from one address until the window ends.
/// Each test signs in from its own address, so the per-address counts of one test do not reach another.
/// </summary>
public abstract class PasswordSignInTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Refused = "The email or password is not right.";

    private static string UnknownEmail() => $"nobody-{Unique.Letters()}@rapport.test";

    private static int addresses;

    /// <summary>An address no other test of this class signs in from.</summary>
    private static string AnAddress() => $"203.0.113.{Interlocked.Increment(ref addresses)}";

    [Fact]
    public async Task A_refused_sign_in_does_not_send_the_password_back()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        const string typed = "my-Secret-guess-4711";

        using var wrong = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, typed, AnAddress());
        using var invalid = await SignInForm.PostAsync(app.ClientAs(null), "", typed, AnAddress());

        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(Refused, page, StringComparison.Ordinal);
        Assert.DoesNotContain(typed, page, StringComparison.Ordinal);
        var notValidated = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Enter your email.", notValidated, StringComparison.Ordinal);
        Assert.DoesNotContain(typed, notValidated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var unknown = UnknownEmail();
        var from = AnAddress();

        using var wrongPassword = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, "not the password", from);
        using var noAccount = await SignInForm.PostAsync(app.ClientAs(null), unknown, "not the password", from);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, noAccount.StatusCode);
        var expected = SignInForm.WithoutTokenAndEmail(await wrongPassword.Content.ReadAsStringAsync(), agent.Email!);
        Assert.Contains(Refused, expected, StringComparison.Ordinal);
        Assert.Equal(expected, SignInForm.WithoutTokenAndEmail(await noAccount.Content.ReadAsStringAsync(), unknown));
    }

    [Fact]
    public async Task An_unknown_email_costs_a_password_hash_check_as_a_wrong_password_does()
    {
        // Without it, an unknown email was answered about 20 times faster than a wrong password: timing told which accounts exist.
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var hasher = new CountingHasher();
        var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        var client = node.CreateClient(new() { AllowAutoRedirect = false });
        var from = AnAddress();

        (await SignInForm.PostAsync(client, agent.Email!, "not the password", from)).Dispose();
        var forWrongPassword = hasher.Verifications;
        (await SignInForm.PostAsync(client, UnknownEmail(), "not the password", from)).Dispose();

        Assert.Equal(1, forWrongPassword);
        Assert.Equal(2, hasher.Verifications);
    }

    [Fact]
    public async Task After_five_failures_an_account_is_refused_with_429_until_the_window_ends()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var from = AnAddress();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, $"guess {i}", from);
            Assert.Contains(Refused, await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Even the right password is refused now, and from another address too: the count is the account's.
        using var throttled = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, AnAddress());

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), throttled.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many sign-in attempts. Try again in 15 minutes.", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(throttled.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("rapport.auth=", StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        using var stillThrottled = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, from);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillThrottled.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), stillThrottled.Headers.RetryAfter?.Delta);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        using var signedIn = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, from);
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_throttled_as_a_real_account_is()
    {
        var unknown = UnknownEmail();
        var from = AnAddress();
        for (var i = 0; i < 5; i++)
        {
            (await SignInForm.PostAsync(app.ClientAs(null), unknown, $"guess {i}", from)).Dispose();
        }

        using var throttled = await SignInForm.PostAsync(app.ClientAs(null), unknown, "guess 5", from);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains("Too many sign-in attempts.", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_locked_out_by_identity_answers_as_an_unknown_email_does()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var unknown = UnknownEmail();
        var from = AnAddress();
        var hasher = new CountingHasher();
        var node = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        var client = node.CreateClient(new() { AllowAutoRedirect = false });
        for (var window = 0; window < 2; window++)
        {
            // Five failures a window keep under the throttle; the tenth in a row locks the account in Identity.
            for (var i = 0; i < 5; i++)
            {
                (await SignInForm.PostAsync(client, agent.Email!, $"guess {window}{i}", from)).Dispose();
                (await SignInForm.PostAsync(client, unknown, $"guess {window}{i}", from)).Dispose();
            }

            app.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        var checks = hasher.Verifications;
        using var locked = await SignInForm.PostAsync(client, agent.Email!, RapportFactory.StaffPassword, from);
        var forLocked = hasher.Verifications - checks;
        using var missing = await SignInForm.PostAsync(client, unknown, RapportFactory.StaffPassword, from);

        Assert.True(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, u => u.Id == agent.Id && u.LockoutEnd != null)));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(SignInForm.WithoutTokenAndEmail(await missing.Content.ReadAsStringAsync(), unknown),
            SignInForm.WithoutTokenAndEmail(await locked.Content.ReadAsStringAsync(), agent.Email!));
        Assert.Equal(1, forLocked);
        Assert.Equal(checks + 2, hasher.Verifications);
    }

    [Fact]
    public async Task Twenty_failures_from_one_address_refuse_it_for_every_account_while_other_addresses_sign_in()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        const string spraying = "198.51.100.7";
        for (var i = 0; i < 20; i++)
        {
            using var failed = await SignInForm.PostAsync(app.ClientAs(null), UnknownEmail(), "Summer2026", spraying);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        using var refused = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, spraying);
        using var elsewhere = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, "198.51.100.8");
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        using var later = await SignInForm.PostAsync(app.ClientAs(null), agent.Email!, RapportFactory.StaffPassword, spraying);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Found, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Found, later.StatusCode);
    }

    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class PasswordSignInTestsOnSqlite(SqliteRapportFactory app) : PasswordSignInTests<SqliteRapportFactory>(app);

public sealed class PasswordSignInTestsOnPostgres(PostgresRapportFactory app) : PasswordSignInTests<PostgresRapportFactory>(app);
