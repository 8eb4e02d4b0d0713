using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Webhooks;

/// <summary>
/// Delivers one webhook: POST of the JSON body with <c>X-Rapport-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))</c>,
/// <c>X-Rapport-Timestamp</c>, <c>X-Rapport-Event</c> and <c>X-Rapport-Delivery</c> (the receiver's idempotency key).
/// </summary>
public sealed class WebhookSender(RapportDbContext db, IHttpClientFactory http, IDataProtectionProvider protection, TimeProvider time) : IOutboxSender
{
    public const string OutboxKind = "webhook";
    public const string Protector = "Rapport.Webhook.Secret.v1";

    public string Kind => OutboxKind;

    public async Task SendAsync(OutboxItem item, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == item.SubjectId, ct)
            ?? throw new PermanentDeliveryException("The delivery no longer exists.");
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (subscription is null || !subscription.Enabled)
        {
            throw new PermanentDeliveryException("The subscription was removed or disabled.");
        }

        var secret = protection.CreateProtector(Protector).Unprotect(subscription.SecretProtected);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Rapport-Event", delivery.Event);
        request.Headers.Add("X-Rapport-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Rapport-Timestamp", timestamp);
        request.Headers.Add("X-Rapport-Signature", "sha256=" + Sign(secret, timestamp, delivery.Payload));
        using var response = await http.CreateClient(OutboxKind).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var message = $"The receiver answered {status} {response.ReasonPhrase}.";
            // 4xx other than 408/429 will not change on retry.
            if (status is >= 400 and < 500 and not 408 and not 429)
            {
                throw new PermanentDeliveryException(message);
            }

            throw new HttpRequestException(message, null, response.StatusCode);
        }
    }

    public async Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == item.SubjectId, ct);
        delivery?.Record(sent, null, error, willRetry, time.GetUtcNow().UtcDateTime);
    }

    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
