using Microsoft.AspNetCore.Hosting;
using MimeKit;
using Rapport.Features.Identity;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// With IMAP IDLE on (and polling practically off), mail delivered to the real Dovecot appears in the timeline without
/// anyone calling the receive endpoint: the server announces it and the watcher fetches it.
/// </summary>
public abstract class EmailIdleTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    /// <summary>An upper bound so a broken watcher fails the test instead of hanging it; not a speed requirement.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private static async Task DeliverThroughSmtpAsync(string user, string from, string messageId, string text)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress("Customer", from));
        mime.To.Add(new MailboxAddress("Help", $"{user}@rapport.test"));
        mime.Subject = text;
        mime.MessageId = messageId;
        mime.Body = new TextPart("plain") { Text = text };
        await MailServers.SendAsync(mime);
        // SMTP delivers into the shared INBOX; the copy into this test's own IMAP user is the arrival IDLE announces.
        await MailServers.CopyFromSmtpInboxAsync(messageId, user);
    }

    private async Task<string> AppearsAsync(string from, string text)
    {
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            var lookup = await agent.GetAsync($"/api/v1/customers/lookup?email={Uri.EscapeDataString(from)}");
            if (lookup.StatusCode == HttpStatusCode.OK)
            {
                var customer = (await lookup.ExpectAsync(HttpStatusCode.OK))["customer"]!;
                if ((await agent.TimelineAsync(customer.Id())).FirstOrDefault(m => m!.Str("text").Trim() == text) is { } message)
                {
                    return message.Str("conversationId");
                }
            }

            Assert.True(DateTime.UtcNow < giveUp, $"'{text}' never appeared in the timeline.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Mail_delivered_while_idling_appears_in_the_timeline_without_a_receive_call()
    {
        var user = MailServers.UniqueUser();
        var from = CustomerBuilder.UniqueEmail("idle");
        await admin.CreateMailboxAsync(user);

        // The first email may be fetched when the watcher starts; the second arrives while it is in IDLE.
        await DeliverThroughSmtpAsync(user, from, $"{Unique.Letters()}@customer.example", "First email");
        var first = await AppearsAsync(from, "First email");
        await DeliverThroughSmtpAsync(user, from, $"{Unique.Letters()}@customer.example", "Second email");
        var second = await AppearsAsync(from, "Second email");

        Assert.NotEqual(first, second);
        var timeline = await agent.TimelineAsync((await agent.CustomerByEmailAsync(from)).Id());
        Assert.Equal(2, timeline.Count);
    }
}

public sealed class IdleOnSqlite : SqliteRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Email:Idle", "true");
    }
}

public sealed class IdleOnPostgres : PostgresRapportFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rapport:Email:Idle", "true");
    }
}

public sealed class EmailIdleTestsOnSqlite(IdleOnSqlite app) : EmailIdleTests<IdleOnSqlite>(app);

public sealed class EmailIdleTestsOnPostgres(IdleOnPostgres app) : EmailIdleTests<IdleOnPostgres>(app);
