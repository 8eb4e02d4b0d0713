using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels;

/// <summary>
/// An administrator changes a mailbox or a messaging account after connecting it: a password or secret given replaces
/// the stored one (and is never shown back), one left out is kept, and a switched-off channel says so.
/// </summary>
public abstract class ChannelChangeTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task<string?> ReceiveErrorAsync(string mailboxId) =>
        (await (await admin.PostAsync($"/api/v1/mailboxes/{mailboxId}/receive", null)).ExpectAsync(HttpStatusCode.OK))["error"]?.GetValue<string>();

    [Fact]
    public async Task A_mailbox_password_is_replaced_when_given_and_kept_when_left_out()
    {
        var mailbox = await admin.CreateMailboxAsync(MailServers.UniqueUser(), imapPassword: "wrong password");
        Assert.NotNull(await ReceiveErrorAsync(mailbox.Id()));

        using var fixedResponse = await admin.PatchAsync($"/api/v1/mailboxes/{mailbox.Id()}", Requests.JsonBody(new { imapPassword = MailServers.Password }));
        var text = await fixedResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, fixedResponse.StatusCode);
        Assert.DoesNotContain(MailServers.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await ReceiveErrorAsync(mailbox.Id()));

        var renamed = await (await admin.PatchAsync($"/api/v1/mailboxes/{mailbox.Id()}", Requests.JsonBody(new { name = "Sales desk", enabled = false })))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Sales desk", renamed.Str("name"));
        Assert.False(renamed["enabled"]!.GetValue<bool>());
        Assert.Null(await ReceiveErrorAsync(mailbox.Id())); // the password was kept
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == mailbox.Id()).Select(e => e.Changes).ToListAsync());
        Assert.DoesNotContain(audit, c => c.Contains(MailServers.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_mailbox_changes_are_refused_naming_the_field()
    {
        var first = await admin.CreateMailboxAsync(MailServers.UniqueUser());
        var second = await admin.CreateMailboxAsync(MailServers.UniqueUser());

        await (await admin.PatchAsync($"/api/v1/mailboxes/{second.Id()}", Requests.JsonBody(new { address = first.Str("address") }))).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PatchAsync($"/api/v1/mailboxes/{second.Id()}", Requests.JsonBody(new { imapPort = 0 }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "imapPort");
        await (await admin.PatchAsync($"/api/v1/mailboxes/{second.Id()}", Requests.JsonBody(new { address = "not an address" }))).ExpectProblemAsync(HttpStatusCode.BadRequest, "address");
        await (await admin.PatchAsync($"/api/v1/mailboxes/{Guid.NewGuid()}", Requests.JsonBody(new { name = "x" }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        var unchanged = await app.WithDbAsync(db => db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == Guid.Parse(second.Id())));
        Assert.Equal(second.Str("address"), unchanged.Address);
    }

    [Fact]
    public async Task A_messaging_account_is_switched_off_and_its_secret_replaced_without_being_shown()
    {
        var account = await (await admin.PostAsync("/api/v1/channel-accounts", Requests.JsonBody(new
        {
            name = "Bookings bot",
            provider = "telegram",
            address = $"bookings_{Unique.Letters()}_bot",
            webhookSecret = "first-secret",
            apiSecret = "1:first-bot-token",
        }))).ExpectAsync(HttpStatusCode.Created);

        using var response = await admin.PatchAsync($"/api/v1/channel-accounts/{account.Id()}",
            Requests.JsonBody(new { name = "Bookings (old bot)", enabled = false, apiSecret = "2:second-bot-token" }));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("bot-token", text, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.ChannelAccounts.AsNoTracking().SingleAsync(a => a.Id == Guid.Parse(account.Id())));
        var secrets = app.Services.GetRequiredService<ChannelSecrets>();
        Assert.Equal("2:second-bot-token", secrets.Unprotect(stored.ApiSecretProtected));
        Assert.Equal("first-secret", secrets.Unprotect(stored.WebhookSecretProtected));
        Assert.False(stored.Enabled);
        Assert.Equal("Bookings (old bot)", stored.Name);
        await (await admin.PatchAsync($"/api/v1/channel-accounts/{Guid.NewGuid()}", Requests.JsonBody(new { enabled = true }))).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PatchAsync($"/api/v1/channel-accounts/{account.Id()}", Requests.JsonBody(new { apiBaseUrl = "ftp://x" })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "apiBaseUrl");
    }
}

public sealed class ChannelChangeTestsOnSqlite(SqliteRapportFactory app) : ChannelChangeTests<SqliteRapportFactory>(app);

public sealed class ChannelChangeTestsOnPostgres(PostgresRapportFactory app) : ChannelChangeTests<PostgresRapportFactory>(app);
