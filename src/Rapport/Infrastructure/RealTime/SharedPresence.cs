using System.Text.Json;

namespace Rapport.Infrastructure.RealTime;

/// <summary>
/// Presence kept in this node's memory for its own users and shared with the other nodes through the backplane: each
/// change to who is on a record here is sent as this node's snapshot of that record, and every node re-sends its
/// snapshots every <see cref="Heartbeat"/> so a node that starts later learns them and a node that dies is forgotten
/// after <see cref="RemoteLasts"/>. Events fire only when something changes, not on every keystroke.
/// </summary>
public sealed class SharedPresence : IPresence, IDisposable
{
    /// <summary>How long after the last keystroke a user still counts as typing.</summary>
    public static readonly TimeSpan TypingLasts = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>How long another node's snapshot counts without being repeated.</summary>
    public static readonly TimeSpan RemoteLasts = Heartbeat * 3;

    private const string Topic = "presence";

    private readonly TimeProvider time;
    private readonly ILiveBackplane backplane;
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, List<Session>> sessions = [];
    private readonly Dictionary<(Guid Record, Guid Node), RemoteSnapshot> remote = [];
    private readonly ITimer heartbeat;

    public SharedPresence(TimeProvider time, ILiveBackplane backplane)
    {
        this.time = time;
        this.backplane = backplane;
        backplane.Received += OnSignal;
        backplane.Resumed += Resend;
        heartbeat = time.CreateTimer(_ => Resend(), null, Heartbeat, Heartbeat);
    }

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

        Announce(recordId);
        return session;
    }

    public IReadOnlyList<PresentUser> Present(Guid recordId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var here = Local(recordId);
            var there = remote.Where(r => r.Key.Record == recordId && now - r.Value.Seen < RemoteLasts).SelectMany(r => r.Value.Users);
            return here.Concat(there).GroupBy(p => p.UserId)
                .Select(g => new PresentUser(g.Key, g.First().Name, g.Any(p => p.IsTyping)))
                .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        }
    }

    public void Dispose()
    {
        heartbeat.Dispose();
        backplane.Received -= OnSignal;
        backplane.Resumed -= Resend;
    }

    /// <summary>This node's users on a record, one entry per user (several tabs count once). Call under the gate.</summary>
    private List<PresentUser> Local(Guid recordId) =>
        sessions.TryGetValue(recordId, out var open)
            ? open.GroupBy(s => s.UserId).Select(g => new PresentUser(g.Key, g.First().Name, g.Any(s => s.IsTyping))).ToList()
            : [];

    /// <summary>Tells this node's screens and the other nodes that who is on the record changed.</summary>
    private void Announce(Guid recordId)
    {
        Changed?.Invoke(recordId);
        SendSnapshot(recordId);
    }

    private void SendSnapshot(Guid recordId)
    {
        if (!backplane.Shared)
        {
            return;
        }

        List<PresentUser> users;
        lock (gate)
        {
            users = Local(recordId);
        }

        backplane.Send(Topic, JsonSerializer.Serialize(new Snapshot(recordId, users.Take(20).ToList())));
    }

    private void Resend()
    {
        List<Guid> records;
        List<Guid> expired;
        lock (gate)
        {
            records = [.. sessions.Keys];
            var now = time.GetUtcNow();
            var stale = remote.Where(r => now - r.Value.Seen >= RemoteLasts).Select(r => r.Key).ToList();
            foreach (var key in stale)
            {
                remote.Remove(key);
            }

            expired = stale.Select(k => k.Record).Distinct().ToList();
        }

        // A node that died never says its users left: its snapshot expires here, and open screens must hear that.
        foreach (var record in expired)
        {
            Changed?.Invoke(record);
        }

        foreach (var record in records)
        {
            SendSnapshot(record);
        }
    }

    private void OnSignal(LiveSignal signal)
    {
        if (signal.Topic != Topic || JsonSerializer.Deserialize<Snapshot>(signal.Payload) is not { } snapshot)
        {
            return;
        }

        bool changed;
        lock (gate)
        {
            var key = (snapshot.RecordId, signal.Origin);
            var before = remote.TryGetValue(key, out var known) ? known.Users : [];
            changed = !before.SequenceEqual(snapshot.Users);
            if (snapshot.Users.Count == 0)
            {
                remote.Remove(key);
            }
            else
            {
                remote[key] = new RemoteSnapshot(snapshot.Users, time.GetUtcNow());
            }
        }

        if (changed)
        {
            Changed?.Invoke(snapshot.RecordId);
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

        Announce(session.RecordId);
    }

    /// <summary>Sets whether the session is typing; announces only when that flips.</summary>
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
            Announce(session.RecordId);
        }
    }

    private sealed record Snapshot(Guid RecordId, List<PresentUser> Users);

    private sealed record RemoteSnapshot(List<PresentUser> Users, DateTimeOffset Seen);

    private sealed class Session(SharedPresence owner, Guid recordId, Guid userId, string name) : IPresenceSession
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
