using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Channels.Email;

/// <summary>
/// The mail server down, refusing, or the sending node gone mid-send, against a mail server of the test's own
/// (<see cref="SmtpStandIn"/>): a refused reply is retried with back-off and shows on the mailbox's health, it is received
/// exactly once when the server is back, a 5xx refusal of the recipient fails it for good with the server's words, and a
/// reply that was being sent when its node stopped is never sent again by itself: it is unconfirmed until an agent sends
/// it again (once more, with the same Message-ID) or marks it sent (nothing is sent).
/// </summary>
public abstract class SmtpOutageTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    private sealed record Setup(string MailboxId, string ConversationId);

    private async Task<Setup> MailboxAndConversationAsync(SmtpStandIn smtp, string? teamId = null)
    {
        var mailbox = await admin.CreateMailboxAsync(MailServers.UniqueUser(), smtpPort: smtp.Port);
        var stored = await Inbound.AnEmail().To(mailbox.Str("address")).Subject("Where is my order?").ReceiveAsync(admin);
        if (teamId is not null)
        {
            await (await admin.PostAsync($"/api/v1/conversations/{stored.ConversationId()}/assign", Requests.JsonBody(new { assigneeId = (string?)null, teamId })))
                .ExpectAsync(HttpStatusCode.OK);
        }

        return new Setup(mailbox.Id(), stored.ConversationId());
    }

    private async Task<string> ReplyAsync(HttpClient client, Setup s, string text = "On its way") =>
        (await (await client.PostAsync($"/api/v1/conversations/{s.ConversationId}/replies", Requests.JsonBody(new { text }))).ExpectAsync(HttpStatusCode.Accepted)).Id();

    /// <summary>The reply's Message-ID, as the mail server sees it.</summary>
    private Task<string> MessageIdAsync(string replyId) =>
        app.WithDbAsync(db => db.Messages.Where(m => m.Id == Guid.Parse(replyId)).Select(m => m.ProviderMessageId!).SingleAsync());

    private async Task<JsonNode> HealthAsync(string mailboxId) =>
        (await (await admin.GetAsync("/api/v1/channels/health")).ExpectAsync(HttpStatusCode.OK)).AsArray().Single(c => c!.Id() == mailboxId)!;

    private Task<JsonNode> MessageAsync(Setup s, string replyId) => admin.MessageAsync(s.ConversationId, replyId);

    private async Task<bool> DeliveryIsAsync(Setup s, string replyId, string delivery) => (await MessageAsync(s, replyId)).Str("delivery") == delivery;

    /// <summary>As a node leaves an item it leased and began sending when it is killed: marked as sending, lease run out.</summary>
    private Task DiedWhileSendingAsync(string replyId)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == Guid.Parse(replyId)).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.NextAttemptAt, now.AddMinutes(-3)).SetProperty(o => o.LeasedUntil, now.AddSeconds(-1))
            .SetProperty(o => o.SendingSince, now.AddMinutes(-3))));
    }

    private Task<int> AuditedAsync(string action, string replyId) => app.WithDbAsync(async db =>
        await db.AuditEntries.CountAsync(a => a.Action == action && a.Changes.Contains(replyId))
        + await db.AuditPending.CountAsync(a => a.Action == action && a.Changes.Contains(replyId)));

    [Fact]
    public async Task A_reply_refused_with_421_is_retried_with_back_off_shown_on_the_mailbox_and_received_exactly_once_when_the_server_is_back()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.Refusing);
        var s = await MailboxAndConversationAsync(smtp);
        var reply = await ReplyAsync(agent, s);
        var messageId = await MessageIdAsync(reply);

        await app.RunOutboxUntilAsync(async () => (await MessageAsync(s, reply))["deliveryAttempts"]!.GetValue<int>() == 1, "the refused attempt");
        var failedAt = app.Clock.GetUtcNow().UtcDateTime;
        var retrying = await MessageAsync(s, reply);
        Assert.Equal("retrying", retrying.Str("delivery"));
        Assert.Contains("421", retrying.Str("deliveryError"));
        Assert.True(smtp.Refused >= 1);
        Assert.Equal(0, smtp.Received(messageId));

        var health = await HealthAsync(s.MailboxId);
        Assert.Equal("failing", health.Str("status"));
        Assert.Contains("421", health.Str("lastError"));
        Assert.Equal(1, health["outgoingWaiting"]!.GetValue<int>());
        Assert.Equal(failedAt + OutboxItem.Backoff(1), health["nextAttemptAt"]!.GetValue<DateTime>(), TimeSpan.FromSeconds(1));
        Assert.Equal(0, health["unconfirmed"]!.GetValue<int>());

        await app.RunOutboxOnceAsync(); // not due before the back-off has passed
        Assert.Equal(1, (await MessageAsync(s, reply))["deliveryAttempts"]!.GetValue<int>());

        smtp.Mode = SmtpMode.Accepting;
        app.Clock.Advance(OutboxItem.Backoff(1));
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "sent"), "the reply sent once the server is back");
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunOutboxOnceAsync();
        Assert.Equal(1, smtp.Received(messageId));

        var healthy = await HealthAsync(s.MailboxId);
        Assert.Equal("ok", healthy.Str("status"));
        Assert.Equal(0, healthy["outgoingWaiting"]!.GetValue<int>());
        Assert.Null(healthy["nextAttemptAt"]?.GetValue<DateTime?>());
    }

    [Fact]
    public async Task A_recipient_refused_with_550_fails_for_good_with_the_servers_reply()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.RejectingRecipients);
        var s = await MailboxAndConversationAsync(smtp);
        var reply = await ReplyAsync(agent, s);

        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "failed"), "the refused reply failed");
        var failed = await MessageAsync(s, reply);
        Assert.Equal(1, failed["deliveryAttempts"]!.GetValue<int>());
        Assert.Contains("550", failed.Str("deliveryError"));
        Assert.Contains("No such user", failed.Str("deliveryError"));
        Assert.Equal(0, smtp.Received(await MessageIdAsync(reply)));
        Assert.Equal(0, (await HealthAsync(s.MailboxId))["outgoingWaiting"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_reply_being_sent_when_its_node_stopped_is_unconfirmed_never_resent_by_itself_and_sent_again_once_when_an_agent_asks()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.Refusing);
        var s = await MailboxAndConversationAsync(smtp);
        var reply = await ReplyAsync(agent, s);
        var messageId = await MessageIdAsync(reply);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "retrying"), "a first attempt");
        smtp.Mode = SmtpMode.Accepting;
        await DiedWhileSendingAsync(reply);

        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "unconfirmed"), "the reply unconfirmed");
        Assert.Contains("may have reached the customer", (await MessageAsync(s, reply)).Str("deliveryError"));
        Assert.Equal(1, (await HealthAsync(s.MailboxId))["unconfirmed"]!.GetValue<int>());
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.RunOutboxOnceAsync();
        Assert.Equal("unconfirmed", (await MessageAsync(s, reply)).Str("delivery"));
        Assert.Equal(0, smtp.Received(messageId));

        await (await app.ClientAs(Roles.Auditor).PostAsync($"/api/v1/messages/{reply}/send-again", null)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var sent = await (await agent.PostAsync($"/api/v1/messages/{reply}/send-again", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("queued", sent.Str("delivery"));
        await (await agent.PostAsync($"/api/v1/messages/{reply}/send-again", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "sent"), "the reply sent again");
        Assert.Equal(1, smtp.Received(messageId)); // the same Message-ID: a mail client that saw the first copy shows one
        Assert.Equal(1, await AuditedAsync("message.sentAgain", reply));
        Assert.Equal(0, (await HealthAsync(s.MailboxId))["unconfirmed"]!.GetValue<int>());
        await (await agent.PostAsync($"/api/v1/messages/{reply}/mark-sent", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unconfirmed_reply_marked_sent_is_sent_without_sending_anything()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.Refusing);
        var s = await MailboxAndConversationAsync(smtp);
        var reply = await ReplyAsync(agent, s);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "retrying"), "a first attempt");
        smtp.Mode = SmtpMode.Accepting;
        await DiedWhileSendingAsync(reply);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "unconfirmed"), "the reply unconfirmed");

        var marked = await (await agent.PostAsync($"/api/v1/messages/{reply}/mark-sent", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("sent", marked.Str("delivery"));
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.RunOutboxOnceAsync();
        var message = await MessageAsync(s, reply);
        Assert.Equal("sent", message.Str("delivery"));
        Assert.True(message["deliveryError"] is null);
        Assert.Equal(0, smtp.Received(await MessageIdAsync(reply)));
        Assert.Equal(1, await AuditedAsync("message.markedSent", reply));
        Assert.Equal(OutboxState.Sent, await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == Guid.Parse(reply)).Select(o => o.State).SingleAsync()));
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_conversation_gets_404_from_both_decisions_and_nothing_is_written()
    {
        await using var smtp = new SmtpStandIn(SmtpMode.Refusing);
        var team = await (await admin.PostAsync("/api/v1/teams", Requests.JsonBody(new { name = $"Fraud {Unique.Letters()}", restricted = true })))
            .ExpectAsync(HttpStatusCode.Created);
        var s = await MailboxAndConversationAsync(smtp, team.Id());
        var reply = await ReplyAsync(admin, s);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "retrying"), "a first attempt");
        await DiedWhileSendingAsync(reply);
        await app.RunOutboxUntilAsync(() => DeliveryIsAsync(s, reply, "unconfirmed"), "the reply unconfirmed");

        foreach (var action in new[] { "send-again", "mark-sent" })
        {
            await (await agent.PostAsync($"/api/v1/messages/{reply}/{action}", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await agent.PostAsync($"/api/v1/messages/{Guid.NewGuid()}/{action}", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal("unconfirmed", (await MessageAsync(s, reply)).Str("delivery"));
        Assert.Equal(OutboxState.Unconfirmed, await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == Guid.Parse(reply)).Select(o => o.State).SingleAsync()));
        Assert.Equal(0, await AuditedAsync("message.sentAgain", reply) + await AuditedAsync("message.markedSent", reply));
    }
}

public sealed class SmtpOutageTestsOnSqlite(SqliteRapportFactory app) : SmtpOutageTests<SqliteRapportFactory>(app);

public sealed class SmtpOutageTestsOnPostgres(PostgresRapportFactory app) : SmtpOutageTests<PostgresRapportFactory>(app);
