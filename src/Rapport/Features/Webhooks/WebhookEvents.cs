using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Webhooks;

/// <summary>
/// Raises an event for outgoing webhooks: one delivery and one outbox item per interested subscription, added to the
/// caller's unit of work so they commit (or not) with the change that caused them.
/// </summary>
public static class WebhookEvents
{
    public const string MessageReceived = "message.received";
    public const string MessageSent = "message.sent";
    public const string CustomerCreated = "customer.created";
    public const string CaseCreated = "case.created";
    public const string CaseUpdated = "case.updated";
    public const string CaseStatusChanged = "case.status_changed";

    public static readonly string[] All = [MessageReceived, MessageSent, CustomerCreated, CaseCreated, CaseUpdated, CaseStatusChanged];

    // Enums as the API writes them (camelCase strings), not as numbers.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new Rapport.Infrastructure.Api.StrictEnumConverterFactory() } };

    public static async Task RaiseAsync(RapportDbContext db, string eventName, IEnumerable<object> payloads, DateTime now, CancellationToken ct)
    {
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled).ToListAsync(ct))
            .Where(s => s.Wants(eventName)).ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        foreach (var payload in payloads)
        {
            var body = JsonSerializer.Serialize(new { @event = eventName, occurredAt = now, data = payload }, Json);
            foreach (var subscription in subscriptions)
            {
                var delivery = new WebhookDelivery { SubscriptionId = subscription.Id, Event = eventName, Payload = body, CreatedAt = now };
                db.WebhookDeliveries.Add(delivery);
                db.OutboxItems.Add(OutboxItem.For(WebhookSender.OutboxKind, delivery.Id, now));
            }
        }
    }
}
