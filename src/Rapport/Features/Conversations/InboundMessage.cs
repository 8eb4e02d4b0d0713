using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>Who sent an inbound message, as the channel identifies them: exactly one address, and a display name if known.</summary>
public sealed record InboundSender(string? Email = null, string? Phone = null, string? Handle = null, string? Network = null, string? Name = null);

/// <summary>
/// The channel-neutral form every inbound message takes (email, chat, SMS/social webhook, call record, letter)
/// before the one ingestion pipeline validates, deduplicates, matches, threads and stores it.
/// <see cref="ThreadOnly"/> messages (auto-replies, receipts) join an existing conversation or wait in the automatic mail view;
/// <see cref="Edits"/> names the provider id of a message this one replaces (the sender edited it on their channel);
/// <see cref="Part"/> marks one part of a split message. <see cref="RawRef"/> names the kept original (e.g. the raw email) in the blob store; <see cref="Attachments"/> are already
/// in the blob store too (<see cref="AttachmentStore"/>), only their metadata is written with the message.
/// <see cref="Classification"/> says why the channel took the message for what it is (an auto-reply's header, list mail);
/// <see cref="ReplyTo"/> is where a reply to it goes when that is not the sender; <see cref="Team"/> is the team a
/// conversation it starts is routed to (a chat site's team).
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
    string? ParseWarning = null,
    bool ThreadOnly = false,
    string? RawRef = null,
    IReadOnlyList<InboundAttachment>? Attachments = null,
    string? Edits = null,
    InboundPart? Part = null,
    string? Classification = null,
    string? ReplyTo = null,
    Guid? Team = null);

/// <summary>
/// Where a message split by the network (concatenated SMS) belongs: the parts sharing <see cref="Group"/> become one
/// message, text in <see cref="Index"/> order (1-based) whatever order they arrive in.
/// </summary>
public sealed record InboundPart(string Group, int Index, int Total);

/// <summary>
/// What ingestion did with a message: stored (or found as a duplicate), for which customer and conversation.
/// <see cref="Ignored"/> is set for a thread-only message (an auto-reply) that matched no conversation.
/// </summary>
public sealed record IngestResult(Guid MessageId, Guid ConversationId, Guid CustomerId, bool Duplicate, bool NewCustomer, bool NewConversation,
    bool Ignored = false);
