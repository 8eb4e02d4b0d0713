using Rapport.Features.Identity;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>When the SMTP server is down a reply is retried with back-off, its state and error visible, until it is given up.</summary>
public abstract class EmailDeliveryFailureTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task A_reply_through_an_unreachable_smtp_server_is_retrying_with_the_error_and_failed_after_the_last_attempt()
    {
        var user = MailServers.UniqueUser();
        var mailbox = await admin.CreateMailboxAsync(user, smtpPort: MailServers.ClosedPort());
        var customer = CustomerBuilder.UniqueEmail();
        await MailServers.AppendAsync(user, Mailboxes.Email(customer, mailbox.Str("address"), "Where is it?", $"<{Unique.Letters()}@customer.example>", "Hello?"));
        Assert.Equal(1, await admin.ReceiveMailAsync(mailbox.Id()));
        var conversation = (await agent.TimelineAsync((await agent.CustomerByEmailAsync(customer)).Id()))[0]!.Str("conversationId");
        var reply = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "On its way" })))
            .ExpectAsync(HttpStatusCode.Accepted);

        Task<System.Text.Json.Nodes.JsonNode> Reply() => agent.MessageAsync(conversation, reply.Id());
        async Task<bool> Attempts(int n) => (await Reply())["deliveryAttempts"]!.GetValue<int>() == n;

        await app.RunOutboxUntilAsync(() => Attempts(1), "the first attempt");
        var retrying = await Reply();
        Assert.Equal("retrying", retrying.Str("delivery"));
        Assert.False(string.IsNullOrEmpty(retrying.Str("deliveryError")));
        var listed = (await (await admin.GetAsync("/api/v1/mailboxes")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(m => m!.Id() == mailbox.Id())!;
        Assert.Equal(retrying.Str("deliveryError"), listed.Str("lastError"));

        await app.RunOutboxOnceAsync(); // nothing is due before the back-off has passed
        Assert.True(await Attempts(1));

        for (var attempt = 2; attempt <= OutboxItem.MaxAttempts; attempt++)
        {
            app.Clock.Advance(OutboxItem.Backoff(attempt - 1));
            await app.RunOutboxUntilAsync(() => Attempts(attempt), $"attempt {attempt}");
            Assert.Equal(attempt < OutboxItem.MaxAttempts ? "retrying" : "failed", (await Reply()).Str("delivery"));
        }

        var failed = await Reply();
        Assert.False(string.IsNullOrEmpty(failed.Str("deliveryError")));
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunOutboxOnceAsync();
        Assert.True(await Attempts(OutboxItem.MaxAttempts)); // given up: never tried again
    }
}

public sealed class EmailDeliveryFailureTestsOnSqlite(SqliteRapportFactory app) : EmailDeliveryFailureTests<SqliteRapportFactory>(app);

public sealed class EmailDeliveryFailureTestsOnPostgres(PostgresRapportFactory app) : EmailDeliveryFailureTests<PostgresRapportFactory>(app);
