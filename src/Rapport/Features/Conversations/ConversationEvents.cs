namespace Rapport.Features.Conversations;

/// <summary>
/// In-process notifications for live screens: messages were stored, or agents changed a conversation (assigned it,
/// changed its status, added a note or a reply). Raised only after the commit. One node needs nothing more; several
/// nodes will need a backplane (see ARCHITECTURE).
/// </summary>
public sealed class ConversationEvents
{
    public event Action<IReadOnlyList<IngestResult>>? MessagesStored;

    public event Action<Guid>? ConversationChanged;

    public void Changed(Guid conversationId) => ConversationChanged?.Invoke(conversationId);

    public void Published(IReadOnlyList<IngestResult> stored)
    {
        if (stored.Count > 0)
        {
            MessagesStored?.Invoke(stored);
        }
    }
}
