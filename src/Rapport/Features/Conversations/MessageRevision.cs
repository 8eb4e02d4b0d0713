using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// What a message said before the sender edited it on their channel (a Telegram edit), or before a later part of a
/// split SMS completed it: the message shows its newest text, its history stays.
/// </summary>
public sealed class MessageRevision
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MessageId { get; init; }
    [FreeText]
    public required string Text { get; init; }
    /// <summary>When the text was replaced.</summary>
    public DateTime ReplacedAt { get; init; }
}

/// <summary>
/// One part of a message the network split (concatenated SMS). The message is stored when its first part arrives, in
/// whichever order parts come, and its text is rebuilt in part order as the rest arrive: shown at once, never lost.
/// </summary>
public sealed class SplitPart
{
    public Guid MessageId { get; init; }
    public int Index { get; init; }
    public int Total { get; init; }
    [FreeText]
    public required string Text { get; init; }
}
