using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>Who sent an inbound message, as the channel identifies them: exactly one address, and a display name if known.</summary>
public sealed record InboundSender(string? Email = null, string? Phone = null, string? Handle = null, string? Network = null, string? Name = null);

/// <summary>
/// The channel-neutral form every inbound message takes (email, chat, SMS/social webhook, call record, letter)
/// before the one ingestion pipeline validates, deduplicates, matches, threads and stores it.
/// </summary>
public sealed record InboundMessage(
    Channel Channel,
    string ProviderMessageId,
    InboundSender From,
    string Text,
    string? Subject = null,
    string? Html = null,
    string? To = null,
    DateTime? SentAt = null,
    string? InReplyTo = null,
    IReadOnlyList<string>? References = null,
    Guid? ConversationId = null,
    string? ParseWarning = null);

/// <summary>What ingestion did with a message: stored (or found as a duplicate), for which customer and conversation.</summary>
public sealed record IngestResult(Guid MessageId, Guid ConversationId, Guid CustomerId, bool Duplicate, bool NewCustomer, bool NewConversation);
