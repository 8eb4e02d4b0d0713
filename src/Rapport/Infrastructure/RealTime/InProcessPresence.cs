namespace Rapport.Infrastructure.RealTime;

/// <summary>
/// Presence held in this process's memory: right for one node. Events fire only when something changes (someone
/// arrives or leaves, starts or stops typing), not on every keystroke.
/// </summary>
public sealed class InProcessPresence(TimeProvider time) : IPresence
{
    /// <summary>How long after the last keystroke a user still counts as typing.</summary>
    public static readonly TimeSpan TypingLasts = TimeSpan.FromSeconds(4);

    private readonly TimeProvider time = time;
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<Session>> sessions = [];

    public event Action<Guid>? Changed;

    public IPresenceSession Enter(Guid recordId, Guid userId, string name)
    {
        var session = new Session(this, recordId, userId, name);
        lock (gate)
        {
            if (!sessions.TryGetValue(recordId, out var open))
            {
                sessions[recordId] = open = [];
            }

            open.Add(session);
        }

        Changed?.Invoke(recordId);
        return session;
    }

    public IReadOnlyList<PresentUser> Present(Guid recordId)
    {
        lock (gate)
        {
            return sessions.TryGetValue(recordId, out var open)
                ? open.GroupBy(s => s.UserId)
                    .Select(g => new PresentUser(g.Key, g.First().Name, g.Any(s => s.IsTyping)))
                    .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList()
                : [];
        }
    }

    private void Leave(Session session)
    {
        lock (gate)
        {
            if (sessions.TryGetValue(session.RecordId, out var open) && open.Remove(session) && open.Count == 0)
            {
                sessions.Remove(session.RecordId);
            }
        }

        Changed?.Invoke(session.RecordId);
    }

    /// <summary>Sets whether the session is typing; raises <see cref="Changed"/> only when that flips.</summary>
    private void SetTyping(Session session, bool typing)
    {
        bool flipped;
        lock (gate)
        {
            flipped = session.IsTyping != typing;
            session.IsTyping = typing;
        }

        if (flipped)
        {
            Changed?.Invoke(session.RecordId);
        }
    }

    private sealed class Session(InProcessPresence owner, Guid recordId, Guid userId, string name) : IPresenceSession
    {
        private ITimer? expiry;
        private bool disposed;

        public Guid RecordId { get; } = recordId;
        public Guid UserId { get; } = userId;
        public string Name { get; } = name;
        public bool IsTyping { get; set; }

        public void Typing()
        {
            lock (owner.gate)
            {
                if (disposed)
                {
                    return;
                }

                // Each keystroke pushes the expiry back; the timer fires once, TypingLasts after the last one.
                expiry ??= owner.time.CreateTimer(_ => owner.SetTyping(this, false), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                expiry.Change(TypingLasts, Timeout.InfiniteTimeSpan);
            }

            owner.SetTyping(this, true);
        }

        public void StoppedTyping()
        {
            lock (owner.gate)
            {
                expiry?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            owner.SetTyping(this, false);
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                IsTyping = false;
                expiry?.Dispose();
            }

            owner.Leave(this);
        }
    }
}
