using System.Collections.Concurrent;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Wakes a visitor's open connections (WebSockets and long polls) on this node when something they should see happened:
/// an agent answered, an agent started or stopped typing, or their own message was stored (another tab shows it). Most
/// wake-ups carry no data: each connection then reads what is new for it, so a lost or doubled signal costs a query,
/// never a message. A reply committed on this node is handed to the lines in memory instead (the common case, and a
/// read of the database per reply was most of a chat's cost); a connection that missed some reads the database. Other
/// nodes hear of replies through the backplane, and of typing through the shared presence.
/// </summary>
public sealed class ChatRelay : IDisposable
{
    private const string ConversationTopic = "webchat.conversation";
    private const string VisitorTopic = "webchat.visitor";

    private readonly ILiveBackplane backplane;
    private readonly IPresence presence;
    private readonly ConversationEvents events;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<Guid, VisitorLine> lines = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, byte>> visitorsByConversation = new();
    // Visitors with a send in flight on this node, and (on their lines) what was stored meanwhile: guarded by echoGate.
    private readonly Lock echoGate = new();
    private readonly Dictionary<Guid, int> sending = [];

    public ChatRelay(ILiveBackplane backplane, IPresence presence, ConversationEvents events)
    {
        this.backplane = backplane;
        this.presence = presence;
        this.events = events;
        // Whatever the ingestion stores, on any node, wakes the visitors of its conversation: a visitor's own message that
        // took longer to store than the send waited for still reaches their screens (and their other tabs).
        events.MessagesStored += OnStored;
        backplane.Received += OnSignal;
        backplane.Resumed += WakeEveryone;
        presence.Changed += OnPresenceChanged;
    }

    /// <summary>Opens (or shares) the visitor's line on this node; dispose the lease when the connection ends.</summary>
    public VisitorLease Open(Guid visitorId)
    {
        lock (gate)
        {
            var line = lines.GetOrAdd(visitorId, id => new VisitorLine(id));
            line.Users++;
            return new VisitorLease(this, line);
        }
    }

    /// <summary>Something changed in a conversation a visitor may be reading (an agent's reply): here and on every node.</summary>
    public void ConversationChanged(Guid conversationId)
    {
        WakeConversation(conversationId);
        if (backplane.Shared)
        {
            backplane.Send(ConversationTopic, conversationId.ToString("N"));
        }
    }

    /// <summary>
    /// An agent's reply was committed on this node: the visitor's connections here are handed it in memory (no read of the
    /// database), the other nodes are told to read it.
    /// </summary>
    public void Replied(Message reply)
    {
        if (visitorsByConversation.TryGetValue(reply.ConversationId, out var visitors))
        {
            var view = VisitorChat.ReplyView(reply);
            foreach (var visitor in visitors.Keys)
            {
                if (lines.TryGetValue(visitor, out var line))
                {
                    line.Push(view);
                }
            }
        }

        if (backplane.Shared)
        {
            backplane.Send(ConversationTopic, reply.ConversationId.ToString("N"));
        }
    }

    /// <summary>The visitor's own message was stored: their other tabs, on any node, show it.</summary>
    public void VisitorChanged(Guid visitorId)
    {
        WakeVisitor(visitorId);
        if (backplane.Shared)
        {
            backplane.Send(VisitorTopic, visitorId.ToString("N"));
        }
    }

    /// <summary>
    /// The visitor is sending a message through this node; dispose when done. Meanwhile the ingestion's word that it was
    /// stored does not make their lines read the database: the send hands the message over (<see cref="VisitorSent"/>).
    /// Whatever was stored meanwhile and not handed over is read when the last send ends.
    /// </summary>
    public IDisposable Sending(Guid visitorId)
    {
        lock (echoGate)
        {
            sending[visitorId] = sending.GetValueOrDefault(visitorId) + 1;
        }

        return new SendScope(this, visitorId);
    }

    /// <summary>The visitor's own message, stored and read back: their connections here show it, other nodes read it.</summary>
    public void VisitorSent(Guid visitorId, VisitorMessageView message)
    {
        lock (echoGate)
        {
            if (lines.TryGetValue(visitorId, out var line))
            {
                line.Expected.Remove(message.Id);
                line.Push(message);
            }
        }

        if (backplane.Shared)
        {
            backplane.Send(VisitorTopic, visitorId.ToString("N"));
        }
    }

    private void SendEnded(Guid visitorId)
    {
        VisitorLine? unseen = null;
        lock (echoGate)
        {
            if (sending.GetValueOrDefault(visitorId) > 1)
            {
                sending[visitorId]--;
                return;
            }

            sending.Remove(visitorId);
            if (lines.TryGetValue(visitorId, out var line) && line.Expected.Count > 0)
            {
                line.Expected.Clear();
                unseen = line;
            }
        }

        unseen?.Wake();
    }

    private sealed class SendScope(ChatRelay relay, Guid visitorId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                relay.SendEnded(visitorId);
            }
        }
    }

    public void Dispose()
    {
        events.MessagesStored -= OnStored;
        backplane.Received -= OnSignal;
        backplane.Resumed -= WakeEveryone;
        presence.Changed -= OnPresenceChanged;
    }

    private void OnStored(IReadOnlyList<IngestResult> stored)
    {
        var wake = new HashSet<VisitorLine>();
        lock (echoGate)
        {
            foreach (var result in stored)
            {
                if (!visitorsByConversation.TryGetValue(result.ConversationId, out var visitors))
                {
                    continue;
                }

                foreach (var visitor in visitors.Keys)
                {
                    if (!lines.TryGetValue(visitor, out var line) || line.Handed(result.MessageId))
                    {
                        continue;
                    }

                    // A send of this visitor in flight here hands its message over when it returns; anything else is read then.
                    if (sending.ContainsKey(visitor))
                    {
                        line.Expected.Add(result.MessageId);
                    }
                    else
                    {
                        wake.Add(line);
                    }
                }
            }
        }

        foreach (var line in wake)
        {
            line.Wake();
        }
    }

    /// <summary>
    /// The visitor's first message started their conversation: their open line here hears replies in it from now on,
    /// not only after its next read (an answer faster than that read would otherwise wait for the next wake-up).
    /// </summary>
    public void Joined(Guid visitorId, Guid conversationId)
    {
        if (lines.TryGetValue(visitorId, out var line))
        {
            Learned(line, conversationId);
        }
    }

    internal void Learned(VisitorLine line, Guid conversationId)
    {
        if (line.ConversationId == conversationId)
        {
            return;
        }

        line.ConversationId = conversationId;
        visitorsByConversation.GetOrAdd(conversationId, _ => new ConcurrentDictionary<Guid, byte>())[line.VisitorId] = 0;
        // A reply committed before the line joined was handed to nobody: the connections read the conversation once now.
        line.Wake();
        OnPresenceChanged(conversationId);
    }

    internal void Release(VisitorLine line)
    {
        lock (gate)
        {
            if (--line.Users > 0)
            {
                return;
            }

            lines.TryRemove(line.VisitorId, out _);
        }

        if (line.ConversationId is { } conversation && visitorsByConversation.TryGetValue(conversation, out var visitors))
        {
            visitors.TryRemove(line.VisitorId, out _);
        }
    }

    private void WakeVisitor(Guid visitorId)
    {
        if (lines.TryGetValue(visitorId, out var line))
        {
            line.Wake();
        }
    }

    private void WakeConversation(Guid conversationId)
    {
        if (visitorsByConversation.TryGetValue(conversationId, out var visitors))
        {
            foreach (var visitor in visitors.Keys)
            {
                WakeVisitor(visitor);
            }
        }
    }

    private void WakeEveryone()
    {
        foreach (var line in lines.Values)
        {
            line.Wake();
        }
    }

    private void OnSignal(LiveSignal signal)
    {
        if (!Guid.TryParseExact(signal.Payload, "N", out var id))
        {
            return;
        }

        switch (signal.Topic)
        {
            case ConversationTopic:
                WakeConversation(id);
                break;
            case VisitorTopic:
                WakeVisitor(id);
                break;
        }
    }

    /// <summary>Who of the staff is typing in a conversation a visitor here is reading: they see "Ann is typing…".</summary>
    private void OnPresenceChanged(Guid recordId)
    {
        if (!visitorsByConversation.TryGetValue(recordId, out var visitors) || visitors.IsEmpty)
        {
            return;
        }

        var present = presence.Present(recordId);
        foreach (var visitor in visitors.Keys)
        {
            if (!lines.TryGetValue(visitor, out var line))
            {
                continue;
            }

            var typing = present.FirstOrDefault(p => p.IsTyping && p.UserId != visitor)?.Name;
            if (line.AgentTyping != typing)
            {
                line.AgentTyping = typing;
                line.Signal();
            }
        }
    }
}

/// <summary>
/// One visitor's connections on this node: a wake-up all of them wait on, what they should show of the staff, and the
/// messages handed to the line in memory (an agent's reply committed on this node) so a connection sends them without
/// reading the database. A wake-up without data (<see cref="Dataless"/> changes) means "read the database".
/// </summary>
public sealed class VisitorLine(Guid visitorId)
{
    /// <summary>Messages kept for connections that have not taken them yet; one further behind reads the database.</summary>
    internal const int Kept = 32;

    private readonly Lock pushGate = new();
    private readonly Queue<(long Seq, VisitorMessageView View)> pushed = new();
    private long pushSeq;
    private long dataless;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid VisitorId { get; } = visitorId;
    public Guid? ConversationId { get; internal set; }
    private volatile string? agentTyping;

    /// <summary>The display name of the agent typing to this visitor, if one is.</summary>
    public string? AgentTyping
    {
        get => agentTyping;
        internal set => agentTyping = value;
    }
    internal int Users;

    /// <summary>Completes at the next wake-up; take it before reading, so a wake-up during the read is not missed.</summary>
    public Task NextWake => Volatile.Read(ref wake).Task;

    /// <summary>Counts the wake-ups that carried no data: a connection that saw it change reads the database.</summary>
    public long Dataless => Interlocked.Read(ref dataless);

    /// <summary>
    /// The messages handed in after <paramref name="seq"/>, and the sequence to ask from next time. <c>Gap</c> is true when
    /// some of them are no longer kept: the connection then reads the database instead.
    /// </summary>
    public (IReadOnlyList<VisitorMessageView> Messages, long Seq, bool Gap) PushedAfter(long seq)
    {
        lock (pushGate)
        {
            var gap = pushSeq > seq && (pushed.Count == 0 || pushed.Peek().Seq > seq + 1);
            return (pushed.Where(p => p.Seq > seq).Select(p => p.View).ToList(), pushSeq, gap);
        }
    }

    /// <summary>Something happened that only the database can tell: every connection reads it.</summary>
    internal void Wake()
    {
        Interlocked.Increment(ref dataless);
        Signal();
    }

    /// <summary>A committed message for this visitor, handed over in memory.</summary>
    internal void Push(VisitorMessageView message)
    {
        lock (pushGate)
        {
            pushed.Enqueue((++pushSeq, message));
            if (pushed.Count > Kept)
            {
                pushed.Dequeue();
            }
        }

        Signal();
    }

    /// <summary>Stored messages a send in flight here should hand over (guarded by the relay's echo lock).</summary>
    internal HashSet<Guid> Expected { get; } = [];

    /// <summary>Whether the message was handed over (and is still kept).</summary>
    internal bool Handed(Guid messageId)
    {
        lock (pushGate)
        {
            return pushed.Any(p => p.View.Id == messageId);
        }
    }

    /// <summary>Only what the line holds in memory changed (who is typing).</summary>
    internal void Signal() => Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>A connection's hold on its visitor's line.</summary>
public sealed class VisitorLease(ChatRelay relay, VisitorLine line) : IDisposable
{
    private int disposed;

    public VisitorLine Line => line;

    /// <summary>Tells the relay which conversation this visitor reads, so replies and typing there wake them.</summary>
    public void Reads(Guid conversationId) => relay.Learned(line, conversationId);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            relay.Release(line);
        }
    }
}
