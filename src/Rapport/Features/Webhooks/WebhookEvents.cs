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
    public const string ReferralCreated = "referral.created";
    public const string ReferralAccepted = "referral.accepted";
    public const string ReferralDeclined = "referral.declined";
    public const string PromiseDue = "promise.due";
    public const string PromiseBroken = "promise.broken";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalApproved = "approval.approved";
    public const string ApprovalRejected = "approval.rejected";
    public const string CaseActionCompleted = "case.action_completed";
    public const string SlaDueSoon = "sla.due_soon";
    public const string SlaBreached = "sla.breached";

    public static readonly string[] All =
    [
        MessageReceived,
        MessageSent,
        CustomerCreated,
        CaseCreated,
        CaseUpdated,
        CaseStatusChanged,
        ReferralCreated,
        ReferralAccepted,
        ReferralDeclined,
        PromiseDue,
        PromiseBroken,
        ApprovalRequested,
        ApprovalApproved,
        ApprovalRejected,
        CaseActionCompleted,
        SlaDueSoon,
        SlaBreached,
    ];

    // Enums as the API writes them (camelCase strings), not as numbers.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new Rapport.Infrastructure.Api.StrictEnumConverterFactory() } };

    public static async Task RaiseAsync(RapportDbContext db, string eventName, IEnumerable<object> payloads, DateTime now, CancellationToken ct)
    {
        var raised = await PrepareAsync(db, eventName, payloads, now, ct);
        db.WebhookDeliveries.AddRange(raised.Deliveries);
        db.OutboxItems.AddRange(raised.Outbox);
    }

    // Compiled: every audited create and every stored message asks, and a LINQ query's tree and cache lookup cost
    // more than the read (mostly of no rows).
    private static readonly CompiledForEachModel<Func<RapportDbContext, IAsyncEnumerable<WebhookSubscription>>> EnabledSubscriptions = new(() =>
        EF.CompileAsyncQuery((RapportDbContext db) => db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled)));

    /// <summary>The deliveries and outbox items for an event, for a caller that writes them itself in its transaction.</summary>
    public static async Task<RaisedEvent> PrepareAsync(RapportDbContext db, string eventName, IEnumerable<object> payloads, DateTime now,
        CancellationToken ct)
    {
        var raised = new RaisedEvent([], []);
        var subscriptions = new List<WebhookSubscription>();
        await foreach (var subscription in EnabledSubscriptions.For(db)(db).WithCancellation(ct))
        {
            if (subscription.Wants(eventName))
            {
                subscriptions.Add(subscription);
            }
        }

        if (subscriptions.Count == 0)
        {
            return raised;
        }

        foreach (var payload in payloads)
        {
            var body = JsonSerializer.Serialize(new { @event = eventName, occurredAt = now, data = payload }, Json);
            foreach (var subscription in subscriptions)
            {
                var delivery = new WebhookDelivery { SubscriptionId = subscription.Id, Event = eventName, Payload = body, CreatedAt = now };
                raised.Deliveries.Add(delivery);
                raised.Outbox.Add(OutboxItem.For(WebhookSender.OutboxKind, delivery.Id, now, lane: $"{WebhookSender.OutboxKind}:{subscription.Id:N}"));
            }
        }

        return raised;
    }
}

/// <summary>What raising one event writes: a delivery per interested subscription and the outbox item that sends it.</summary>
public sealed record RaisedEvent(List<WebhookDelivery> Deliveries, List<OutboxItem> Outbox);
