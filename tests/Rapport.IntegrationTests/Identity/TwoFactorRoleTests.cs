using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// An administrator requires two-factor sign-in for a role: a person of that role without it is taken to the enrolment
/// page after their password and can do nothing else (pages, API with the cookie, their API tokens) until they have set
/// it up there. An administrator can reset a person's two-factor, which is audited.
/// </summary>
public abstract partial class TwoFactorRoleTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private const string Page = "/account/two-factor";
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task RequireForAsync(params string[] roles)
    {
        var saved = await (await admin.PutAsync("/api/v1/security/two-factor", Requests.JsonBody(new { requiredForRoles = roles }))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(roles.Order(), saved["requiredForRoles"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_person_of_a_role_that_requires_two_factor_must_enrol_before_anything_else()
    {
        var person = await app.CreateStaffAsync(Roles.Supervisor);
        var token = app.ClientWithToken(await app.IssueTokenAsync(person.Id, "laptop"));
        await (await token.GetAsync("/api/v1/customers")).ExpectAsync(HttpStatusCode.OK); // cached from now on
        await RequireForAsync(Roles.Supervisor);
        try
        {
            var browser = CookieSession.For(app);
            using (var signedIn = await browser.SignInAsync(person.Email!))
            {
                Assert.Equal(Page, signedIn.RedirectPath());
            }

            using (var customers = await browser.GetAsync("/customers"))
            {
                Assert.Equal(HttpStatusCode.Found, customers.StatusCode);
                Assert.Equal(Page, customers.RedirectPath());
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/v1/customers")).StatusCode);

            var enrolment = await browser.PageAsync(Page);
            Assert.Contains("Your role requires two-factor sign-in", enrolment, StringComparison.Ordinal);
            var key = Key().Match(enrolment).Groups["key"].Value.Replace(" ", "", StringComparison.Ordinal);
            Assert.Matches("^[a-z2-7]{32,}$", key);
            Assert.Contains($"otpauth://totp/Rapport:{Uri.EscapeDataString(person.Email!)}?secret={key.ToUpperInvariant()}", enrolment, StringComparison.Ordinal);

            using var confirmed = await browser.PostFormAsync(Page, enrolment, "confirm-two-factor", ("ConfirmInput.Code", TestTotp.CodeAt(key, app.Clock.GetUtcNow())));
            var shown = await confirmed.ExpectTextAsync(HttpStatusCode.OK);
            Assert.Contains("Two-factor sign-in is on.", shown, StringComparison.Ordinal);
            Assert.Equal(10, RecoveryCode().Count(shown));

            await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
            await (await token.GetAsync("/api/v1/customers")).ExpectAsync(HttpStatusCode.OK);
        }
        finally
        {
            await RequireForAsync();
        }
    }

    [Fact]
    public async Task An_administrator_resets_a_persons_two_factor_and_it_is_audited()
    {
        var person = await app.CreateStaffAsync(Roles.Auditor);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == person.Id);
            user.TwoFactorEnabled = true;
            await db.SaveChangesAsync();
        });
        await RequireForAsync(Roles.Auditor);
        try
        {
            var reset = await (await admin.PostAsync($"/api/v1/users/{person.Id}/two-factor/reset", null)).ExpectAsync(HttpStatusCode.OK);

            Assert.False(reset["twoFactorEnabled"]!.GetValue<bool>());
            var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectType == "user" && e.SubjectId == person.Id.ToString())
                .Select(e => e.Action).ToListAsync());
            Assert.Contains("user.two_factor_reset", actions);
            using var signedIn = await CookieSession.For(app).SignInAsync(person.Email!);
            Assert.Equal(Page, signedIn.RedirectPath());
            await (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/two-factor/reset", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            await RequireForAsync();
        }
    }

    [Fact]
    public async Task Only_roles_of_people_can_require_two_factor_and_the_change_is_audited()
    {
        await (await admin.PutAsync("/api/v1/security/two-factor", Requests.JsonBody(new { requiredForRoles = new[] { "Integration" } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requiredForRoles");
        // Requiring it for their own role while they have none would lock the administrator out of this very setting.
        await (await admin.PutAsync("/api/v1/security/two-factor", Requests.JsonBody(new { requiredForRoles = new[] { Roles.Administrator } })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "requiredForRoles");
        await RequireForAsync(Roles.Supervisor, Roles.Auditor);
        await RequireForAsync();

        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "security.two_factor_roles").CountAsync());
        Assert.True(entries >= 2);
        var none = await (await admin.GetAsync("/api/v1/security/two-factor")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(none["requiredForRoles"]!.AsArray());
    }

    [GeneratedRegex("id=\"authenticator-key\"[^>]*>(?<key>[^<]+)<")]
    private static partial Regex Key();

    [GeneratedRegex("<li><code>[^<]{6,}</code></li>")]
    private static partial Regex RecoveryCode();
}

public sealed class TwoFactorRoleTestsOnSqlite(SqliteRapportFactory app) : TwoFactorRoleTests<SqliteRapportFactory>(app);

public sealed class TwoFactorRoleTestsOnPostgres(PostgresRapportFactory app) : TwoFactorRoleTests<PostgresRapportFactory>(app);
