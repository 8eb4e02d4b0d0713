namespace Rapport.Features.Conversations;

/// <summary>
/// In-process notifications that messages were stored, for live screens. Raised only after the commit.
/// One node needs nothing more; several nodes will need a backplane (see ARCHITECTURE).
/// </summary>
public sealed class ConversationEvents
{
    public event Action<IReadOnlyList<IngestResult>>? MessagesStored;

    public void Published(IReadOnlyList<IngestResult> stored)
    {
        if (stored.Count > 0)
        {
            MessagesStored?.Invoke(stored);
        }
    }
}
