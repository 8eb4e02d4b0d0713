namespace Rapport.Features.Conversations;

/// <summary>
/// One open screen's subscription to <see cref="ConversationEvents.Coalesced"/>: it applies one set of changes at a
/// time on the screen's dispatcher, and what arrives while it applies is merged and applied right after, so a change
/// committed during an apply is never lost and never applied by two overlapping queries.
/// <para>
/// A screen of one conversation (<see cref="ForConversation"/>) hears that conversation's events at once instead of
/// the coalesced window: a chat must feel live, and the merge-while-applying above already bounds a noisy conversation
/// to one query in flight and one waiting.
/// </para>
/// </summary>
public sealed class LiveFeed : IDisposable
{
    private readonly ConversationEvents events;
    private readonly Func<LiveChanges, bool> wanted;
    private readonly Func<LiveChanges, Task> apply;
    private readonly Func<Func<Task>, Task> onDispatcher;
    private readonly Guid? conversationId;
    private readonly Lock gate = new();
    private LiveChanges? pending;
    private bool applying;
    private bool disposed;

    /// <param name="events">The node's conversation events.</param>
    /// <param name="wanted">Whether a set of changes concerns this screen at all (checked on the dispatcher's thread: keep it cheap).</param>
    /// <param name="apply">Applies the changes to the screen (fetch the changed rows, update the list, render).</param>
    /// <param name="onDispatcher">The component's <c>InvokeAsync</c>.</param>
    public LiveFeed(ConversationEvents events, Func<LiveChanges, bool> wanted, Func<LiveChanges, Task> apply, Func<Func<Task>, Task> onDispatcher)
    {
        this.events = events;
        this.wanted = wanted;
        this.apply = apply;
        this.onDispatcher = onDispatcher;
        events.Coalesced += OnChanges;
    }

    private LiveFeed(ConversationEvents events, Guid conversationId, Func<LiveChanges, Task> apply, Func<Func<Task>, Task> onDispatcher)
    {
        this.events = events;
        wanted = _ => false;
        this.apply = apply;
        this.onDispatcher = onDispatcher;
        this.conversationId = conversationId;
        // Coalesced still brings "everything" (after the other nodes' signals may have been lost); the rest comes per event.
        events.Coalesced += OnChanges;
        events.MessagesStored += OnStored;
        events.ConversationChanged += OnConversationChanged;
    }

    /// <summary>A subscription to one conversation's changes as they happen (see the remarks on the class).</summary>
    public static LiveFeed ForConversation(ConversationEvents events, Guid conversationId, Func<LiveChanges, Task> apply, Func<Func<Task>, Task> onDispatcher) =>
        new(events, conversationId, apply, onDispatcher);

    /// <summary>Raised when applying failed; the changes are kept and tried again with the next ones.</summary>
    public event Action<Exception>? Failed;

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        events.Coalesced -= OnChanges;
        events.MessagesStored -= OnStored;
        events.ConversationChanged -= OnConversationChanged;
    }

    private void OnStored(IReadOnlyList<IngestResult> stored)
    {
        LiveChanges? changes = null;
        foreach (var result in stored)
        {
            if (result.ConversationId == conversationId)
            {
                changes ??= new LiveChanges();
                changes.Conversations.Add(result.ConversationId);
                changes.Messages.Add(result.MessageId);
            }
        }

        if (changes is not null)
        {
            Take(changes);
        }
    }

    private void OnConversationChanged(Guid id)
    {
        if (id == conversationId)
        {
            var changes = new LiveChanges();
            changes.Conversations.Add(id);
            changes.Edited.Add(id);
            Take(changes);
        }
    }

    private void OnChanges(LiveChanges changes)
    {
        if (!changes.Everything && !wanted(changes))
        {
            return;
        }

        Take(changes);
    }

    private void Take(LiveChanges changes)
    {
        lock (gate)
        {
            (pending ??= new LiveChanges()).Merge(changes);
            if (applying || disposed)
            {
                return;
            }

            applying = true;
        }

        _ = onDispatcher(DrainAsync);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            LiveChanges? next;
            lock (gate)
            {
                next = pending;
                pending = null;
                if (next is null || disposed)
                {
                    applying = false;
                    return;
                }
            }

            try
            {
                await apply(next);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (gate)
                {
                    next.Merge(pending ?? new LiveChanges());
                    pending = next;
                    applying = false;
                }

                Failed?.Invoke(e);
                return;
            }
        }
    }
}
