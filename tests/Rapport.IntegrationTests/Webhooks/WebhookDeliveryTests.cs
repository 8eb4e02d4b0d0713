using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Outbox;

namespace Rapport.IntegrationTests.Webhooks;

/// <summary>Outgoing webhooks reach a real HTTP receiver through the outbox, signed, retried with back-off and logged.</summary>
public abstract class WebhookDeliveryTests<TFactory>(TFactory app) : IClassFixture<TFactory> where TFactory : RapportFactory
{
    private readonly HttpClient admin = app.ClientAs(Roles.Administrator);

    private async Task<JsonNode> SubscribeAsync(WebhookReceiver receiver, params string[] events) =>
        await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(new { url = receiver.Url, events }))).ExpectAsync(HttpStatusCode.Created);

    private async Task<JsonNode> DeliveryAsync(string subscriptionId) =>
        Assert.Single((await (await admin.GetAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).ExpectAsync(HttpStatusCode.OK)).AsArray())!;

    private static string Signature(string secret, string timestamp, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()));

    [Fact]
    public async Task A_received_message_is_delivered_signed_with_the_subscription_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver, "message.received");
        try
        {
            var stored = await Inbound.AnEmail().Subject("Webhook me").Text("Hello hooks").ReceiveAsync(admin);

            await app.RunOutboxUntilAsync(async () => (await DeliveryAsync(subscription.Id()))["deliveredAt"] is not null, "a webhook delivery");

            var delivery = Assert.Single(receiver.Received);
            var secret = subscription.Str("secret");
            Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
            Assert.Equal(Signature(secret, delivery.Header("X-Rapport-Timestamp"), delivery.Body), delivery.Header("X-Rapport-Signature"));
            Assert.NotEqual(Signature(secret + "x", delivery.Header("X-Rapport-Timestamp"), delivery.Body), delivery.Header("X-Rapport-Signature"));
            Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), delivery.Header("X-Rapport-Timestamp"));
            Assert.Equal("message.received", delivery.Header("X-Rapport-Event"));
            var body = JsonNode.Parse(delivery.Text)!;
            Assert.Equal("message.received", body.Str("event"));
            Assert.Equal(stored.MessageId(), body["data"]!.Id());
            Assert.Equal("Hello hooks", body["data"]!.Str("text"));
            var logged = await DeliveryAsync(subscription.Id());
            Assert.Equal(delivery.Header("X-Rapport-Delivery"), logged.Id());
            Assert.Equal(1, logged["attempts"]!.GetValue<int>());
            Assert.Null(logged["lastError"]);
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id()}");
        }
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_after_the_back_off_and_every_attempt_is_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith(500, 503);
        var subscription = await SubscribeAsync(receiver, "customer.created");
        try
        {
            await Inbound.AnSms(Inbound.UniqueInternationalPhone()).ReceiveAsync(admin);

            await app.RunOutboxUntilAsync(async () => (await DeliveryAsync(subscription.Id()))["attempts"]!.GetValue<int>() == 1, "the first attempt");
            var first = await DeliveryAsync(subscription.Id());
            Assert.Contains("500", first.Str("lastError"), StringComparison.Ordinal);
            Assert.Null(first["deliveredAt"]);
            Assert.False(first["gaveUp"]!.GetValue<bool>());

            await app.RunOutboxOnceAsync(); // not due before the back-off has passed
            Assert.Single(receiver.Received);

            app.Clock.Advance(OutboxItem.Backoff(1));
            await app.RunOutboxUntilAsync(async () => (await DeliveryAsync(subscription.Id()))["attempts"]!.GetValue<int>() == 2, "the second attempt");
            Assert.Contains("503", (await DeliveryAsync(subscription.Id())).Str("lastError"), StringComparison.Ordinal);

            app.Clock.Advance(OutboxItem.Backoff(2));
            await app.RunOutboxUntilAsync(async () => (await DeliveryAsync(subscription.Id()))["deliveredAt"] is not null, "the delivery");
            var delivered = await DeliveryAsync(subscription.Id());
            Assert.Equal(3, delivered["attempts"]!.GetValue<int>());
            Assert.Null(delivered["lastError"]);
            Assert.Equal(3, receiver.Received.Count);
            Assert.Single(receiver.Received.Select(r => r.Header("X-Rapport-Delivery")).Distinct()); // the receiver's idempotency key
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id()}");
        }
    }

    [Fact]
    public async Task A_receiver_rejecting_the_call_with_a_4xx_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith(410);
        var subscription = await SubscribeAsync(receiver, "message.received");
        try
        {
            await Inbound.AnEmail().ReceiveAsync(admin);

            await app.RunOutboxUntilAsync(async () => (await DeliveryAsync(subscription.Id()))["gaveUp"]!.GetValue<bool>(), "giving up");

            var logged = await DeliveryAsync(subscription.Id());
            Assert.Equal(1, logged["attempts"]!.GetValue<int>());
            Assert.Contains("410", logged.Str("lastError"), StringComparison.Ordinal);
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/webhooks/{subscription.Id()}");
        }
    }

    [Theory]
    [InlineData("""{"url": "ftp://example.com/hook", "events": ["message.received"]}""", "url")]
    [InlineData("""{"url": "https://example.com/hook", "events": ["message.exploded"]}""", "events")]
    [InlineData("""{"url": "https://example.com/hook", "events": []}""", "events")]
    public async Task A_bad_subscription_is_a_400_naming_the_field(string json, string field)
    {
        await (await admin.PostAsync("/api/v1/webhooks", Requests.JsonBody(json))).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class WebhookDeliveryTestsOnSqlite(SqliteRapportFactory app) : WebhookDeliveryTests<SqliteRapportFactory>(app);

public sealed class WebhookDeliveryTestsOnPostgres(PostgresRapportFactory app) : WebhookDeliveryTests<PostgresRapportFactory>(app);
