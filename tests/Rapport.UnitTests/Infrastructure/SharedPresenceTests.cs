using Microsoft.Extensions.Time.Testing;
using Rapport.Infrastructure.RealTime;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>
/// Presence between nodes, with the backplane replaced by a direct link (the real one, PostgreSQL LISTEN/NOTIFY, is in the
/// integration tests): snapshots merge, a node that stops repeating itself is forgotten, a late node learns what is open.
/// </summary>
public sealed class SharedPresenceTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Link link = new();
    private readonly SharedPresence first;
    private readonly SharedPresence second;
    private readonly Guid conversation = Guid.CreateVersion7();
    private readonly Guid alex = Guid.CreateVersion7();
    private readonly Guid ben = Guid.CreateVersion7();

    public SharedPresenceTests()
    {
        first = new SharedPresence(time, link.Join());
        second = new SharedPresence(time, link.Join());
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void Users_on_different_nodes_see_each_other_once_each_and_typing_travels()
    {
        var changes = new List<Guid>();
        second.Changed += changes.Add;
        using var alexHere = first.Enter(conversation, alex, "Alex");
        using var benThere = second.Enter(conversation, ben, "Ben");
        using var alexSecondTab = second.Enter(conversation, alex, "Alex");

        alexHere.Typing();

        Assert.Equal([new PresentUser(alex, "Alex", true), new PresentUser(ben, "Ben", false)], second.Present(conversation));
        Assert.Equal([new PresentUser(alex, "Alex", true), new PresentUser(ben, "Ben", false)], first.Present(conversation));
        Assert.Contains(conversation, changes);
    }

    [Fact]
    public void Leaving_on_one_node_clears_the_user_on_the_other()
    {
        var session = first.Enter(conversation, alex, "Alex");
        Assert.Single(second.Present(conversation));

        session.Dispose();

        Assert.Empty(second.Present(conversation));
    }

    [Fact]
    public void A_node_that_goes_silent_is_forgotten_and_a_live_one_is_kept_by_its_heartbeat()
    {
        using var alexHere = first.Enter(conversation, alex, "Alex");
        using var benThere = second.Enter(conversation, ben, "Ben");
        link.Silence(first);

        time.Advance(SharedPresence.RemoteLasts + SharedPresence.Heartbeat);

        Assert.Equal([new PresentUser(ben, "Ben", false)], second.Present(conversation));
        Assert.Equal([new PresentUser(alex, "Alex", false), new PresentUser(ben, "Ben", false)], first.Present(conversation));
    }

    [Fact]
    public void When_a_dead_nodes_viewer_expires_open_screens_are_told()
    {
        using var alexHere = first.Enter(conversation, alex, "Alex");
        var told = new List<Guid>();
        second.Changed += told.Add;
        link.Silence(first);

        time.Advance(SharedPresence.Heartbeat);
        Assert.Empty(told);
        time.Advance(SharedPresence.RemoteLasts);

        Assert.Empty(second.Present(conversation));
        Assert.Equal([conversation], told);
    }

    [Fact]
    public void A_node_whose_backplane_resumes_sends_who_is_viewing_at_once()
    {
        var silentNode = new Link();
        var quiet = silentNode.Join();
        using var alone = new SharedPresence(time, quiet);
        var listener = silentNode.Join();
        var heard = new List<string>();
        listener.Received += s => heard.Add(s.Topic);
        using var alexHere = alone.Enter(conversation, alex, "Alex");
        heard.Clear();

        quiet.Resume();

        Assert.Equal(["presence"], heard);
    }

    [Fact]
    public void A_node_that_starts_later_learns_who_is_viewing_from_the_next_heartbeat()
    {
        using var alexHere = first.Enter(conversation, alex, "Alex");
        using var late = new SharedPresence(time, link.Join());
        Assert.Empty(late.Present(conversation));

        time.Advance(SharedPresence.Heartbeat);

        Assert.Equal([new PresentUser(alex, "Alex", false)], late.Present(conversation));
    }

    /// <summary>Delivers every node's signals to every other node at once, unless the sender was silenced.</summary>
    private sealed class Link
    {
        private readonly List<Member> nodes = [];
        private readonly HashSet<Guid> silenced = [];

        public Member Join()
        {
            var node = new Member(this);
            nodes.Add(node);
            return node;
        }

        public void Silence(SharedPresence presence)
        {
            // The presence registered first on the first node made; match by the handler it added.
            silenced.UnionWith(nodes.Where(n => n.Belongs(presence)).Select(n => n.NodeId));
        }

        private void Send(Member from, string topic, string payload)
        {
            if (silenced.Contains(from.NodeId))
            {
                return;
            }

            foreach (var to in nodes.Where(n => n != from))
            {
                to.Deliver(new LiveSignal(from.NodeId, topic, payload));
            }
        }

        public sealed class Member(Link link) : ILiveBackplane
        {
            public Guid NodeId { get; } = Guid.NewGuid();

            public bool Shared => true;

            public event Action<LiveSignal>? Received;

            public event Action? Resumed;

            public void Resume() => Resumed?.Invoke();

            public void Send(string topic, string payload) => link.Send(this, topic, payload);

            public void Deliver(LiveSignal signal) => Received?.Invoke(signal);

            public bool Belongs(SharedPresence presence) =>
                Received?.GetInvocationList().Any(d => ReferenceEquals(d.Target, presence)) ?? false;
        }
    }
}
