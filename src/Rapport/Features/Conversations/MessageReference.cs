namespace Rapport.Features.Conversations;

/// <summary>
/// A Message-ID that a stored message names in In-Reply-To or References, with that message's conversation. Mail is
/// not delivered in order: a message that arrives after its replies finds the conversation they started here.
/// </summary>
public sealed class MessageReference
{
    public Guid MessageId { get; init; }
    public required string Reference { get; init; }
    public Guid ConversationId { get; init; }
}
