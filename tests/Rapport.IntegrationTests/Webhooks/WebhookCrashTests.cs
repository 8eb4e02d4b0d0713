using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Webhooks;

/// <summary>
/// Webhook deliveries are at least once: one that was being sent when its node stopped is simply sent again after the
/// lease, with the same <c>X-Rapport-Delivery</c> id for the receiver to dedupe on (customer replies are not: see SmtpOutageTests).
/// </summary>
public abstract class WebhookCrashTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    [Fact]
    public async Task A_delivery_being_sent_when_its_node_stopped_is_sent_again_with_the_same_delivery_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = receiver.Url, events = new[] { "message.received" } })))
            .ExpectAsync(HttpStatusCode.Created);
        try
        {
            await Inbound.AnEmail().Subject("Hook me twice").ReceiveAsync(admin);
            await app.RunOutboxUntilAsync(() => Task.FromResult(receiver.Received.Count == 1), "the first delivery");
            var delivery = Guid.Parse(receiver.Received.Single().Header("X-Rapport-Delivery"));

            // As if the node had died after the receiver took it but before the outcome was recorded.
            var now = app.Clock.GetUtcNow().UtcDateTime;
            await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == delivery).ExecuteUpdateAsync(u => u
                .SetProperty(o => o.State, OutboxState.Pending).SetProperty(o => o.NextAttemptAt, now.AddMinutes(-3))
                .SetProperty(o => o.LeasedUntil, now.AddSeconds(-1)).SetProperty(o => o.SendingSince, now.AddMinutes(-3))));

            await app.RunOutboxUntilAsync(() => Task.FromResult(receiver.Received.Count == 2), "the delivery sent again");
            Assert.All(receiver.Received, r => Assert.Equal(delivery.ToString(), r.Header("X-Rapport-Delivery")));
            Assert.Equal(OutboxState.Sent, await app.WithDbAsync(db => db.OutboxItems.Where(o => o.SubjectId == delivery).Select(o => o.State).SingleAsync()));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id()}");
        }
    }
}

public sealed class WebhookCrashTestsOnSqlite(SqliteRapportFactory app) : WebhookCrashTests<SqliteRapportFactory>(app);

public sealed class WebhookCrashTestsOnPostgres(PostgresRapportFactory app) : WebhookCrashTests<PostgresRapportFactory>(app);
