using Rapport.Features.Audit;

namespace Rapport.Features.Webhooks;

/// <summary>An administrator's registration: POST these events to this URL, signed with this secret.</summary>
public sealed class WebhookSubscription : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Url { get; set; }
    /// <summary>Space-separated event names, e.g. "message.received customer.created"; "*" for all.</summary>
    public required string Events { get; set; }
    [AuditRedacted]
    public required string SecretProtected { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; init; }

    public bool Wants(string eventName) =>
        Enabled && Events.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(e => e == "*" || e == eventName);

    public string AuditSubjectType => "webhook";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "webhook";
}

/// <summary>One event to deliver to one subscription, with its delivery log.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SubscriptionId { get; init; }
    public required string Event { get; init; }
    public required string Payload { get; init; }
    public DateTime CreatedAt { get; init; }
    public int Attempts { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public bool GaveUp { get; private set; }

    public void Record(bool delivered, int? status, string? error, bool willRetry, DateTime now)
    {
        Attempts++;
        LastStatusCode = status;
        LastError = error is { Length: > 1000 } ? error[..1000] : error;
        if (delivered) DeliveredAt = now;
        GaveUp = !delivered && !willRetry;
    }
}
