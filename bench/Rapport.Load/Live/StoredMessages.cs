using System.Collections.Concurrent;
using System.Diagnostics;
using Rapport.Features.Conversations;

namespace Rapport.Load.Live;

/// <summary>
/// Every message the node's processor stored, as the live dispatcher announced it: which conversation it joined and when the
/// announcement was heard (a Stopwatch timestamp). Pages use it to tell which new messages an update made visible; the
/// report uses it to split "acknowledged → visible" into "acknowledged → stored and announced" and "announced → on every page".
/// </summary>
internal sealed class StoredMessages : IDisposable
{
    private readonly ConversationEvents events;
    private long count;

    public StoredMessages(ConversationEvents events)
    {
        this.events = events;
        events.MessagesStored += OnStored;
    }

    public ConcurrentDictionary<Guid, (Guid Conversation, long At)> ById { get; } = new();

    /// <summary>How many stored messages were announced so far (processing's progress, without asking the database).</summary>
    public long Count => Interlocked.Read(ref count);

    public void Dispose() => events.MessagesStored -= OnStored;

    private void OnStored(IReadOnlyList<IngestResult> stored)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var result in stored)
        {
            ById.TryAdd(result.MessageId, (result.ConversationId, now));
        }

        Interlocked.Add(ref count, stored.Count);
    }
}
