using System.Collections.Concurrent;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Visitors in the staff's presence list of their conversation, so an agent sees "Maria (visitor) is typing…" and sees
/// them leave, on any node: a visitor with an open socket is present until it closes; one on long polls shows up while
/// typing and for a short while after.
/// </summary>
public sealed class ChatPresence(IPresence presence, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan BriefStay = SharedPresence.TypingLasts + TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<Guid, Brief> brief = new();

    public static string NameOf(ChatVisitor visitor) => visitor.Name is { } name ? $"{name} (visitor)" : visitor.DisplayName;

    /// <summary>The visitor is here until the returned session is disposed (their socket closed).</summary>
    public IPresenceSession Enter(Guid conversationId, ChatVisitor visitor) => presence.Enter(conversationId, visitor.Id, NameOf(visitor));

    /// <summary>A keystroke from a visitor without a socket: present and typing for a few seconds.</summary>
    public void TypedBriefly(Guid conversationId, ChatVisitor visitor)
    {
        var stay = brief.GetOrAdd(visitor.Id, _ => new Brief(presence.Enter(conversationId, visitor.Id, NameOf(visitor))));
        stay.Session.Typing();
        var timer = time.CreateTimer(_ => Leave(visitor.Id, stay), null, BriefStay, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref stay.Timer, timer)?.Dispose();
    }

    public void Dispose()
    {
        foreach (var stay in brief.Values)
        {
            stay.Timer?.Dispose();
            stay.Session.Dispose();
        }
    }

    private void Leave(Guid visitorId, Brief stay)
    {
        if (brief.TryRemove(KeyValuePair.Create(visitorId, stay)))
        {
            stay.Timer?.Dispose();
            stay.Session.Dispose();
        }
    }

    private sealed class Brief(IPresenceSession session)
    {
        public IPresenceSession Session { get; } = session;
        public ITimer? Timer;
    }
}
