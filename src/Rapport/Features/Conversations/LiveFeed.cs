namespace Rapport.Features.Conversations;

/// <summary>
/// One open screen's subscription to <see cref="ConversationEvents.Coalesced"/>: it applies one set of changes at a
/// time on the screen's dispatcher, and what arrives while it applies is merged and applied right after, so a change
/// committed during an apply is never lost and never applied by two overlapping queries.
/// </summary>
public sealed class LiveFeed : IDisposable
{
    private readonly ConversationEvents events;
    private readonly Func<LiveChanges, bool> wanted;
    private readonly Func<LiveChanges, Task> apply;
    private readonly Func<Func<Task>, Task> onDispatcher;
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

    /// <summary>Raised when applying failed; the changes are kept and tried again with the next ones.</summary>
    public event Action<Exception>? Failed;

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        events.Coalesced -= OnChanges;
    }

    private void OnChanges(LiveChanges changes)
    {
        if (!changes.Everything && !wanted(changes))
        {
            return;
        }

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
