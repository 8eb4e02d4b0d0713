using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.TestData;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>A mailbox fetches every message once: nothing stops it, nothing is fetched twice, not even by a restarted host.</summary>
public abstract class MailboxUidTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private Task<int> StoredEmailsAsync() => app.WithDbAsync(db => db.Messages.CountAsync(m => m.RawRef != null));

    [Fact]
    public async Task Every_test_email_is_fetched_in_one_run_and_nothing_is_fetched_twice_even_after_a_restart()
    {
        var user = MailServers.UniqueUser();
        foreach (var file in TestEmails.All)
        {
            await MailServers.AppendAsync(user, TestEmails.ForImap(file));
        }

        var mailbox = (await admin.CreateMailboxAsync(user)).Id();

        Assert.Equal(TestEmails.All.Count, await admin.ReceiveMailAsync(mailbox));
        var stored = await StoredEmailsAsync();
        // Auto-replies, bounces and the read receipt refer to mail Rapport never sent, so they join nothing and are not stored.
        Assert.Equal(TestEmails.All.Count(f => !f.StartsWith("autoreply-", StringComparison.Ordinal) && !f.StartsWith("bounce-", StringComparison.Ordinal)
            && !f.StartsWith("mdn-", StringComparison.Ordinal)), stored);

        Assert.Equal(0, await admin.ReceiveMailAsync(mailbox));

        var restarted = app.AnotherNode();
        var adminAfterRestart = app.ClientAs(restarted, Roles.Administrator);
        Assert.Equal(0, await adminAfterRestart.ReceiveMailAsync(mailbox));
        await MailServers.AppendAsync(user, Mailboxes.Email(CustomerBuilder.UniqueEmail(), "help@rapport.test", "After the restart",
            $"<{Unique.Letters()}@customer.example>", "One more"));
        Assert.Equal(1, await adminAfterRestart.ReceiveMailAsync(mailbox));
        Assert.Equal(0, await admin.ReceiveMailAsync(mailbox));
        Assert.Equal(stored + 1, await StoredEmailsAsync());
    }

    [Fact]
    public async Task A_mailbox_whose_server_refuses_the_login_reports_the_error_and_fetches_nothing()
    {
        var mailbox = await admin.CreateMailboxAsync(MailServers.UniqueUser(), imapPassword: "not the password");

        var result = await (await admin.PostAsync($"/api/v1/mailboxes/{mailbox.Id()}/receive", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, result["fetched"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(result.Str("error")));
        var listed = (await (await admin.GetAsync("/api/v1/mailboxes")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(m => m!.Id() == mailbox.Id())!;
        Assert.Equal(result.Str("error"), listed.Str("lastError"));
        Assert.DoesNotContain("not the password", listed.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class MailboxUidTestsOnSqlite(SqliteRapportFactory app) : MailboxUidTests<SqliteRapportFactory>(app);

public sealed class MailboxUidTestsOnPostgres(PostgresRapportFactory app) : MailboxUidTests<PostgresRapportFactory>(app);
