using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Identity;

public abstract class ApiTokenTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private async Task<(string Id, string Secret)> CreateTokenAsync(HttpClient client, string name)
    {
        var created = await (await client.PostAsync("/api/v1/tokens", Requests.JsonBody(new { name }))).ExpectAsync(HttpStatusCode.Created);
        return (created.Id(), created.Str("secret"));
    }

    [Fact]
    public async Task A_revoked_token_is_refused_with_401()
    {
        var agent = app.ClientAs(Roles.Agent);
        var (id, secret) = await CreateTokenAsync(agent, "laptop");
        var withToken = app.ClientWithToken(secret);
        await (await withToken.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        await (await agent.DeleteAsync($"/api/v1/tokens/{id}")).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("/api/v1/users/me")).StatusCode);
        var listed = await (await agent.GetAsync("/api/v1/tokens")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(listed.AsArray().Single(t => t!.Id() == id)!["revokedAt"]);
    }

    [Fact]
    public async Task The_secret_is_stored_only_as_a_hash()
    {
        var (id, secret) = await CreateTokenAsync(app.ClientAs(Roles.Supervisor), "integration");

        var rows = await app.WithDbAsync(db => db.ApiTokens.AsNoTracking().ToListAsync());
        var stored = rows.Single(t => t.Id == Guid.Parse(id));
        var everything = string.Join("|", rows.Select(t => $"{t.Name}|{t.Hash}|{t.Hint}"));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Select(e => e.Changes).ToListAsync());

        Assert.StartsWith("rpt_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.Equal(ApiToken.HashOf(secret), stored.Hash);
        Assert.Equal(secret[..8], stored.Hint);
        Assert.DoesNotContain(audit, c => c.Contains(secret, StringComparison.Ordinal) || c.Contains(stored.Hash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_listed()
    {
        var agent = app.ClientAs(Roles.Agent);
        var (_, secret) = await CreateTokenAsync(agent, "shown once");

        var list = await (await agent.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rpt_not-a-real-token")]
    [InlineData("something-else")]
    [InlineData("")]
    public async Task Unknown_or_malformed_tokens_are_401(string secret)
    {
        var client = app.ClientAs(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/customers")).StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_token()
    {
        var (id, secret) = await CreateTokenAsync(app.ClientAs(Roles.Agent), "mine");

        await (await app.ClientAs(Roles.Administrator).DeleteAsync($"/api/v1/tokens/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);

        await (await app.ClientWithToken(secret).GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_locked_out_user_token_is_refused()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        var secret = await app.IssueTokenAsync(user.Id, "soon locked");
        await (await app.ClientWithToken(secret).GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        await app.WithDbAsync(async db =>
        {
            var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
            stored.LockoutEnd = RapportFactory.Start.AddDays(1);
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithToken(secret).GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_takes_effect_at_once_for_a_token_already_in_use()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        var client = app.ClientWithToken(await app.IssueTokenAsync(user.Id, "promoted"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/webhooks")).StatusCode);

        await ChangeRoleAsync(user.Id, Roles.Agent, Roles.Administrator);

        await (await client.GetAsync("/api/v1/webhooks")).ExpectAsync(HttpStatusCode.OK);

        await ChangeRoleAsync(user.Id, Roles.Administrator, Roles.Agent);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/webhooks")).StatusCode);
    }

    [Fact]
    public async Task A_revocation_this_node_did_not_see_is_honoured_once_the_cached_token_expires()
    {
        var user = await app.CreateStaffAsync(Roles.Agent);
        var secret = await app.IssueTokenAsync(user.Id, "revoked elsewhere");
        var client = app.ClientWithToken(secret);
        await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);

        // As another node would: straight to the database, past this node's change tracking.
        var hash = ApiToken.HashOf(secret);
        var revokedAt = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Hash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, revokedAt)));

        await (await client.GetAsync("/api/v1/users/me")).ExpectAsync(HttpStatusCode.OK);
        app.Clock.Advance(ApiTokenCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/users/me")).StatusCode);
    }

    private async Task ChangeRoleAsync(Guid userId, string from, string to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Rapport.Features.Audit.AuditContext>().SetSystemActor("tests");
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException("No such user.");
        Assert.True((await users.RemoveFromRoleAsync(user, from)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, to)).Succeeded);
    }
}

public sealed class ApiTokenTestsOnSqlite(SqliteRapportFactory app) : ApiTokenTests<SqliteRapportFactory>(app);

public sealed class ApiTokenTestsOnPostgres(PostgresRapportFactory app) : ApiTokenTests<PostgresRapportFactory>(app);
