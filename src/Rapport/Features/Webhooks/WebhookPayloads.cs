using Rapport.Features.Customers;

namespace Rapport.Features.Webhooks;

// The shapes of the events whose payload is written inline where they are raised; the OpenAPI document describes
// them from these, and WebhookDocumentTests holds a delivered payload to them.

/// <summary>A customer Rapport created (from the API, an import, or a first message from someone new).</summary>
public sealed record CustomerCreatedPayload(Guid Id, string Name, CustomerKind Kind);

/// <summary>A message that came in on any channel, as stored.</summary>
public sealed record MessageReceivedPayload(Guid Id, Guid ConversationId, Guid CustomerId, Channel Channel, DateTime At, string? Subject,
    string Text, bool IsAutomatic);

/// <summary>A reply that left Rapport.</summary>
public sealed record MessageSentPayload(Guid Id, Guid ConversationId, Guid CustomerId, Channel Channel, DateTime At, string? Subject, string Text);
