using System.Text.Json;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Conversations;

/// <summary>
/// Notifications for live screens: messages were stored, or agents changed a conversation (assigned it, changed its
/// status, added a note or a reply). Raised only after the commit, here and, through the backplane, on the other nodes.
/// </summary>
public sealed class ConversationEvents
{
    private const string StoredTopic = "conversation.messages";
    private const string ChangedTopic = "conversation.changed";
    // About 200 characters of JSON each: well inside one signal.
    private const int ResultsPerSignal = 25;

    private readonly ILiveBackplane backplane;

    public ConversationEvents(ILiveBackplane backplane)
    {
        this.backplane = backplane;
        backplane.Received += OnSignal;
    }

    public event Action<IReadOnlyList<IngestResult>>? MessagesStored;

    public event Action<Guid>? ConversationChanged;

    public void Changed(Guid conversationId)
    {
        ConversationChanged?.Invoke(conversationId);
        if (backplane.Shared)
        {
            backplane.Send(ChangedTopic, conversationId.ToString("N"));
        }
    }

    public void Published(IReadOnlyList<IngestResult> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        MessagesStored?.Invoke(stored);
        if (!backplane.Shared)
        {
            return;
        }

        foreach (var chunk in stored.Chunk(ResultsPerSignal))
        {
            backplane.Send(StoredTopic, JsonSerializer.Serialize(chunk));
        }
    }

    private void OnSignal(LiveSignal signal)
    {
        switch (signal.Topic)
        {
            case ChangedTopic when Guid.TryParseExact(signal.Payload, "N", out var id):
                ConversationChanged?.Invoke(id);
                break;
            case StoredTopic when JsonSerializer.Deserialize<IngestResult[]>(signal.Payload) is { Length: > 0 } stored:
                MessagesStored?.Invoke(stored);
                break;
        }
    }
}
