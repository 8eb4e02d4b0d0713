using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

/// <summary>
/// An administrator changes and disables accounts: a disabled person can neither sign in nor use their API tokens (at
/// once, however recently the token was used), their cookie sessions end at the next check, and no change may leave
/// the organisation without an active administrator. Each change is in the audit trail.
/// </summary>
public abstract class StaffAdministrationTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private const string Refused = "The email or password is not right.";

    private async Task<List<string>> AuditActionsAsync(Guid userId) =>
        await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectType == "user" && e.SubjectId == userId.ToString()).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task A_disabled_person_cannot_sign_in_and_their_token_stops_at_once()
    {
        var email = $"leaver-{Unique.Letters()}@rapport.test";
        var person = await app.CreateStaffAsync(Roles.Agent, email);
        var token = app.ClientWithToken(await app.IssueTokenAsync(person.Id, "leaver's laptop"));
        await (await token.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK); // cached from now on

        var disabled = await (await admin.PostAsync($"/api/v1/users/{person.Id}/disable", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.True(disabled["disabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/users/me")).StatusCode);
        using var signIn = await SignInForm.PostAsync(app.ClientAs(null), email, RapportFactory.StaffPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(Refused, await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var listed = await (await admin.GetAsync("/api/v1/users")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(listed.AsArray().Single(u => u!.Id() == person.Id.ToString())!["disabled"]!.GetValue<bool>());

        await (await admin.PostAsync($"/api/v1/users/{person.Id}/enable", null)).ExpectAsync(HttpStatusCode.OK);

        await (await token.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        using var again = await SignInForm.PostAsync(app.ClientAs(null), email, RapportFactory.StaffPassword);
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Equal(["user.disabled", "user.enabled"], (await AuditActionsAsync(person.Id)).Where(a => a is "user.disabled" or "user.enabled"));
    }

    [Fact]
    public async Task A_disabled_persons_browser_session_ends_at_the_next_check()
    {
        var email = $"session-{Unique.Letters()}@rapport.test";
        var person = await app.CreateStaffAsync(Roles.Agent, email);
        var browser = await app.SignedInWithCookieAsync(email);
        await (await browser.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await admin.PostAsync($"/api/v1/users/{person.Id}/disable", null)).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(StaffSessionRevalidation.Interval + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_is_audited_and_takes_effect_for_tokens_in_use()
    {
        var person = await app.CreateStaffAsync(Roles.Administrator);
        var token = app.ClientWithToken(await app.IssueTokenAsync(person.Id, "admin laptop"));
        await (await token.GetAsync("/api/v1/webhooks")).ExpectAsync(HttpStatusCode.OK);

        var changed = await (await admin.PatchAsync($"/api/v1/users/{person.Id}", Requests.JsonBody(new { role = "supervisor", displayName = " Sam Supervisor " })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([Roles.Supervisor], changed["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("Sam Supervisor", changed.Str("displayName"));
        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Contains("user.roleChanged", await AuditActionsAsync(person.Id));
        Assert.Contains("user.renamed", await AuditActionsAsync(person.Id));
    }

    [Fact]
    public async Task Bad_changes_are_refused_naming_the_field()
    {
        var person = await app.CreateStaffAsync(Roles.Agent);

        await (await admin.PatchAsync($"/api/v1/users/{person.Id}", Requests.JsonBody(new { role = "Owner" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await admin.PatchAsync($"/api/v1/users/{person.Id}", Requests.JsonBody(new { }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");
        await (await admin.PatchAsync($"/api/v1/users/{person.Id}", Requests.JsonBody(new { displayName = "a\u0007b" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "displayName");
        await (await admin.PatchAsync($"/api/v1/users/{Guid.NewGuid()}", Requests.JsonBody(new { role = "Agent" }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/disable", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await app.ClientAs(Roles.Supervisor).PostAsync($"/api/v1/users/{person.Id}/disable", null)).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_last_active_administrator_can_be_neither_disabled_nor_demoted()
    {
        var me = Guid.Parse((await (await admin.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK)).Id());
        var other = await app.CreateStaffAsync(Roles.Administrator);
        var everyone = (await (await admin.GetAsync("/api/v1/users")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        var otherAdmins = everyone.Where(u => u!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == Roles.Administrator) && !u["disabled"]!.GetValue<bool>())
            .Select(u => u!.Id()).Where(id => id != me.ToString()).ToList();
        Assert.Contains(other.Id.ToString(), otherAdmins);

        // While another administrator is active, this one could step down; once they are all disabled, not any more.
        foreach (var id in otherAdmins)
        {
            await (await admin.PostAsync($"/api/v1/users/{id}/disable", null)).ExpectAsync(HttpStatusCode.OK);
        }

        try
        {
            await (await admin.PostAsync($"/api/v1/users/{me}/disable", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "id");
            await (await admin.PatchAsync($"/api/v1/users/{me}", Requests.JsonBody(new { role = "Agent" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "role");

            var still = await (await admin.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal([Roles.Administrator], still["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
            // A disabled administrator does not count, so they may be given another role.
            await (await admin.PatchAsync($"/api/v1/users/{other.Id}", Requests.JsonBody(new { role = "Agent" }))).ExpectAsync(HttpStatusCode.OK);
        }
        finally
        {
            foreach (var id in otherAdmins)
            {
                await (await admin.PostAsync($"/api/v1/users/{id}/enable", null)).ExpectAsync(HttpStatusCode.OK);
            }
        }
    }

    [Fact]
    public async Task Removing_a_member_from_a_restricted_team_hides_its_conversations_from_them_at_once()
    {
        var agent = await app.CreateStaffAsync(Roles.Agent);
        var client = app.ClientWithToken(await app.IssueTokenAsync(agent.Id, "team member"));
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Fraud {Unique.Letters()}", restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = new[] { agent.Id } }))).ExpectAsync(HttpStatusCode.OK);
        var stored = await Inbound.AnEmail().Subject("Card stolen").Text($"Someone used my card {Unique.Letters()}").ReceiveAsync(admin);
        await (await admin.PostAsync($"/api/v1/conversations/{stored.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId = team.Id() })))
            .ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/v1/conversations/{stored.ConversationId()}")).ExpectAsync(HttpStatusCode.OK);

        var renamed = await (await admin.PatchAsync($"/api/v1/teams/{team.Id()}", Requests.JsonBody(new { name = $"Fraud desk {Unique.Letters()}" })))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.True(renamed["restricted"]!.GetValue<bool>()); // a rename keeps the restriction
        await (await admin.PutAsync($"/api/v1/teams/{team.Id()}/members", Requests.JsonBody(new { userIds = Array.Empty<Guid>() }))).ExpectAsync(HttpStatusCode.OK);

        await (await client.GetAsync($"/api/v1/conversations/{stored.ConversationId()}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_team_cannot_take_another_teams_name()
    {
        var first = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Bookings {Unique.Letters()}" }))).ExpectAsync(HttpStatusCode.Created);
        var second = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Refunds {Unique.Letters()}" }))).ExpectAsync(HttpStatusCode.Created);

        await (await admin.PatchAsync($"/api/v1/teams/{second.Id()}", Requests.JsonBody(new { name = first.Str("name") }))).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PatchAsync($"/api/v1/teams/{second.Id()}", Requests.JsonBody(new { name = "" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
    }
}

public sealed class StaffAdministrationTestsOnSqlite(SqliteRapportFactory app) : StaffAdministrationTests<SqliteRapportFactory>(app);

public sealed class StaffAdministrationTestsOnPostgres(PostgresRapportFactory app) : StaffAdministrationTests<PostgresRapportFactory>(app);
