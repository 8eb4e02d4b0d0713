using System.Text.Json;
using System.Threading.Channels;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Conversations;

/// <summary>
/// Notifications for live screens: messages were stored, or agents changed a conversation (assigned it, changed its
/// status, added a note or a reply). Raised only after the commit, here and, through the backplane, on the other nodes.
/// <para>
/// Publishing costs the writer a queue write: a dispatcher loop fans the events out, sends them to the other nodes, and
/// hands open screens at most one <see cref="LiveChanges"/> per <see cref="Window"/> with everything that changed since
/// the last one, so a burst of batches becomes one small update per page rather than one query per batch per page. The
/// first change after a quiet window reaches screens at once; the per-event listeners (<see cref="MessagesStored"/>,
/// <see cref="ConversationChanged"/>: a visitor's open chat) and the other nodes never wait for the window.
/// </para>
/// </summary>
public sealed class ConversationEvents : BackgroundService
{
    /// <summary>How often open screens hear at most: a burst inside it reaches them as one update.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private const string StoredTopic = "conversation.messages";
    private const string ChangedTopic = "conversation.changed";
    // About 200 characters of JSON each: well inside one signal.
    private const int ResultsPerSignal = 25;

    private readonly ILiveBackplane backplane;
    private readonly TimeProvider time;
    private readonly ILogger<ConversationEvents> log;
    private readonly Channel<Happened> queue = Channel.CreateUnbounded<Happened>(new UnboundedChannelOptions { SingleReader = true });

    public ConversationEvents(ILiveBackplane backplane, TimeProvider time, ILogger<ConversationEvents> log)
    {
        this.backplane = backplane;
        this.time = time;
        this.log = log;
        backplane.Received += OnSignal;
        backplane.Resumed += OnResumed;
    }

    /// <summary>Each stored batch, here or on another node, raised by the dispatcher (never on the writer's thread).</summary>
    public event Action<IReadOnlyList<IngestResult>>? MessagesStored;

    /// <summary>Each conversation an agent changed, here or on another node, raised by the dispatcher.</summary>
    public event Action<Guid>? ConversationChanged;

    /// <summary>What open screens listen to: everything that changed in the last <see cref="Window"/>, at most once per window.</summary>
    public event Action<LiveChanges>? Coalesced;

    /// <summary>Queues the news that a conversation changed; returns at once.</summary>
    public void Changed(Guid conversationId) => queue.Writer.TryWrite(new Happened([], conversationId, Remote: false, Resync: false));

    /// <summary>Queues the news that messages were stored (the ingestion writer calls it after each batch); returns at once.</summary>
    public void Published(IReadOnlyList<IngestResult> stored)
    {
        if (stored.Count > 0)
        {
            queue.Writer.TryWrite(new Happened(stored, null, Remote: false, Resync: false));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var lastFlush = DateTimeOffset.MinValue;
        var pending = new LiveChanges();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Per-event listeners (a visitor's chat, the other nodes) hear each event at once; only screens wait for the window.
            while (reader.TryRead(out var happened))
            {
                try
                {
                    Handle(happened, pending);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "A live event could not be dispatched");
                }
            }

            var now = time.GetUtcNow();
            if (!pending.IsEmpty && now >= lastFlush + Window)
            {
                // The first change after a quiet window goes out at once; a burst after it waits for the window's end.
                lastFlush = now;
                Raise(pending);
                pending = new LiveChanges();
            }

            if (pending.IsEmpty)
            {
                if (!await reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var more = reader.WaitToReadAsync(wait.Token).AsTask();
            await Task.WhenAny(more, Task.Delay(lastFlush + Window - now, time, wait.Token));
            await wait.CancelAsync();
            if (more.IsCompletedSuccessfully && !more.Result)
            {
                return;
            }
        }
    }

    private void Handle(Happened happened, LiveChanges changes)
    {
        if (happened.Resync)
        {
            changes.Everything = true;
            return;
        }

        if (happened.ConversationId is { } id)
        {
            changes.Conversations.Add(id);
            changes.Edited.Add(id);
            ConversationChanged?.Invoke(id);
            if (!happened.Remote && backplane.Shared)
            {
                backplane.Send(ChangedTopic, id.ToString("N"));
            }

            return;
        }

        foreach (var s in happened.Stored)
        {
            changes.Conversations.Add(s.ConversationId);
            changes.Messages.Add(s.MessageId);
        }

        MessagesStored?.Invoke(happened.Stored);
        if (!happened.Remote && backplane.Shared)
        {
            foreach (var chunk in happened.Stored.Chunk(ResultsPerSignal))
            {
                backplane.Send(StoredTopic, JsonSerializer.Serialize(chunk));
            }
        }
    }

    private void Raise(LiveChanges changes)
    {
        if (Coalesced is not { } listeners)
        {
            return;
        }

        // One screen failing must not keep the news from the others.
        foreach (var listener in listeners.GetInvocationList().Cast<Action<LiveChanges>>())
        {
            try
            {
                listener(changes);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "An open screen could not take live changes");
            }
        }
    }

    private void OnSignal(LiveSignal signal)
    {
        switch (signal.Topic)
        {
            case ChangedTopic when Guid.TryParseExact(signal.Payload, "N", out var id):
                queue.Writer.TryWrite(new Happened([], id, Remote: true, Resync: false));
                break;
            case StoredTopic when JsonSerializer.Deserialize<IngestResult[]>(signal.Payload) is { Length: > 0 } stored:
                queue.Writer.TryWrite(new Happened(stored, null, Remote: true, Resync: false));
                break;
        }
    }

    /// <summary>Signals sent while the backplane was away are lost: open screens reload rather than miss them.</summary>
    private void OnResumed() => queue.Writer.TryWrite(new Happened([], null, Remote: true, Resync: true));

    private sealed record Happened(IReadOnlyList<IngestResult> Stored, Guid? ConversationId, bool Remote, bool Resync);
}

/// <summary>
/// What changed in one window: conversations (new messages, or an agent's change), the new messages' ids, or — after
/// the other nodes' signals may have been lost — everything. Screens merge the ones that arrive while they apply one.
/// </summary>
public sealed class LiveChanges
{
    /// <summary>Every conversation that changed in any way.</summary>
    public HashSet<Guid> Conversations { get; } = [];

    /// <summary>Conversations an agent changed (assigned, closed, noted, replied, a delivery state): more than new messages.</summary>
    public HashSet<Guid> Edited { get; } = [];

    /// <summary>Messages stored in the window (their conversations are in <see cref="Conversations"/>).</summary>
    public HashSet<Guid> Messages { get; } = [];

    public bool Everything { get; set; }

    public bool IsEmpty => !Everything && Conversations.Count == 0;

    public void Merge(LiveChanges other)
    {
        Conversations.UnionWith(other.Conversations);
        Edited.UnionWith(other.Edited);
        Messages.UnionWith(other.Messages);
        Everything |= other.Everything;
    }
}
