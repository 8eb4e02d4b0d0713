using System.Collections.Concurrent;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Wakes a visitor's open connections (WebSockets and long polls) on this node when something they should see happened:
/// an agent answered, an agent started or stopped typing, or their own message was stored (another tab shows it). A
/// wake-up carries no data: each connection then reads what is new for it, so a lost or doubled signal costs a query,
/// never a message. Other nodes hear of replies through the backplane, and of typing through the shared presence.
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

    /// <summary>The visitor's own message was stored: their other tabs, on any node, show it.</summary>
    public void VisitorChanged(Guid visitorId)
    {
        WakeVisitor(visitorId);
        if (backplane.Shared)
        {
            backplane.Send(VisitorTopic, visitorId.ToString("N"));
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
        foreach (var conversation in stored.Select(s => s.ConversationId).Distinct())
        {
            WakeConversation(conversation);
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
                line.Wake();
            }
        }
    }
}

/// <summary>One visitor's connections on this node: a wake-up all of them wait on, and what they should show of the staff.</summary>
public sealed class VisitorLine(Guid visitorId)
{
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

    internal void Wake() => Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
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
