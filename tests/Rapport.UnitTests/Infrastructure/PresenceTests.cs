using Microsoft.Extensions.Time.Testing;
using Rapport.Infrastructure.RealTime;

namespace Rapport.UnitTests.Infrastructure;

/// <summary>Who is viewing and typing in a conversation: arrival, typing that expires, leaving.</summary>
public sealed class PresenceTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SharedPresence presence;
    private readonly List<Guid> changes = [];
    private readonly Guid conversation = Guid.CreateVersion7();
    private readonly Guid alex = Guid.CreateVersion7();
    private readonly Guid ben = Guid.CreateVersion7();

    public PresenceTests()
    {
        presence = new SharedPresence(time, new SingleNodeBackplane());
        presence.Changed += changes.Add;
    }

    [Fact]
    public void Entering_shows_the_user_as_viewing_and_leaving_removes_them()
    {
        var session = presence.Enter(conversation, alex, "Alex");

        Assert.Equal([new PresentUser(alex, "Alex", false)], presence.Present(conversation));
        Assert.Empty(presence.Present(Guid.CreateVersion7()));

        session.Dispose();

        Assert.Empty(presence.Present(conversation));
        Assert.Equal([conversation, conversation], changes);
    }

    [Fact]
    public void Typing_expires_after_the_quiet_period_and_raises_one_change_each_way()
    {
        using var session = presence.Enter(conversation, alex, "Alex");
        changes.Clear();

        session.Typing();
        Assert.True(presence.Present(conversation).Single().IsTyping);

        time.Advance(SharedPresence.TypingLasts - TimeSpan.FromMilliseconds(1));
        Assert.True(presence.Present(conversation).Single().IsTyping);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(presence.Present(conversation).Single().IsTyping);
        Assert.Equal([conversation, conversation], changes);
    }

    [Fact]
    public void Each_keystroke_pushes_the_expiry_back_without_raising_a_change()
    {
        using var session = presence.Enter(conversation, alex, "Alex");
        changes.Clear();

        for (var i = 0; i < 10; i++)
        {
            session.Typing();
            time.Advance(SharedPresence.TypingLasts / 2);
        }

        Assert.True(presence.Present(conversation).Single().IsTyping);
        Assert.Single(changes);

        time.Advance(SharedPresence.TypingLasts / 2);
        Assert.False(presence.Present(conversation).Single().IsTyping);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void Stopping_typing_clears_it_at_once_and_the_old_expiry_raises_nothing_more()
    {
        using var session = presence.Enter(conversation, alex, "Alex");
        session.Typing();
        changes.Clear();

        session.StoppedTyping();
        time.Advance(SharedPresence.TypingLasts * 2);

        Assert.False(presence.Present(conversation).Single().IsTyping);
        Assert.Single(changes);
    }

    [Fact]
    public void Leaving_while_typing_clears_the_user_and_the_expiry_raises_nothing_after()
    {
        var session = presence.Enter(conversation, alex, "Alex");
        session.Typing();
        session.Dispose();
        changes.Clear();

        time.Advance(SharedPresence.TypingLasts * 2);
        session.Typing();

        Assert.Empty(presence.Present(conversation));
        Assert.Empty(changes);
    }

    [Fact]
    public void Several_tabs_of_one_user_count_once_and_typing_in_any_of_them_counts()
    {
        using var first = presence.Enter(conversation, alex, "Alex");
        var second = presence.Enter(conversation, alex, "Alex");
        using var other = presence.Enter(conversation, ben, "Ben");

        second.Typing();
        Assert.Equal([new PresentUser(alex, "Alex", true), new PresentUser(ben, "Ben", false)], presence.Present(conversation));

        second.Dispose();
        Assert.Equal([new PresentUser(alex, "Alex", false), new PresentUser(ben, "Ben", false)], presence.Present(conversation));
    }
}
