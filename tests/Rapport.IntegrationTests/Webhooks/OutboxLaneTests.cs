using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Webhooks;

/// <summary>The outbox sends in lanes: a webhook subscriber that answers slowly does not hold back a customer's email reply.</summary>
public abstract class OutboxLaneTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);
    private readonly HttpClient agent = app.ClientAs(Roles.Agent);

    [Fact]
    public async Task An_email_reply_is_sent_while_a_slow_webhook_subscriber_is_still_answering()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Holding = answer.Task;
        var subscription = await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = receiver.Url, events = new[] { "message.received" } })))
            .ExpectAsync(HttpStatusCode.Created);
        try
        {
            await admin.CreateMailboxAsync(MailServers.UniqueUser());
            var conversation = (await Inbound.AnEmail().Subject("Where is my parcel?").ReceiveAsync(admin)).ConversationId();
            app.Services.GetRequiredService<OutboxDispatcher>().Nudge();
            await EventuallyAsync(() => Task.FromResult(receiver.Arrived > 0), "the webhook reached the slow subscriber");

            var reply = await (await agent.PostAsync($"/api/v1/conversations/{conversation}/replies", Requests.JsonBody(new { text = "It left the depot today." })))
                .ExpectAsync(HttpStatusCode.Accepted);

            await EventuallyAsync(async () => (await agent.MessageAsync(conversation, reply.Id())).Str("delivery") == "sent",
                "the reply was sent while the webhook was held");
            Assert.Empty(receiver.Received); // the subscriber has still not answered
        }
        finally
        {
            answer.TrySetResult();
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id()}");
        }

        await EventuallyAsync(() => Task.FromResult(!receiver.Received.IsEmpty), "the webhook was delivered once the subscriber answered");
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}

public sealed class OutboxLaneTestsOnSqlite(SqliteRapportFactory app) : OutboxLaneTests<SqliteRapportFactory>(app);

public sealed class OutboxLaneTestsOnPostgres(PostgresRapportFactory app) : OutboxLaneTests<PostgresRapportFactory>(app);
