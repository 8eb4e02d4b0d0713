using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.RealTime;

namespace Rapport.UnitTests.Conversations;

/// <summary>
/// Live events cost the writer a queue write; open screens hear at most one coalesced set of changes per window, and a
/// screen busy applying one gets what arrived meanwhile right after, merged, never lost.
/// </summary>
public sealed class ConversationEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ConversationEvents events;

    public ConversationEventsTests() =>
        events = new ConversationEvents(new SingleNodeBackplane(), time, NullLogger<ConversationEvents>.Instance);

    public async Task InitializeAsync() => await events.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await events.StopAsync(CancellationToken.None);
        events.Dispose();
    }

    /// <summary>
    /// Moves time on by a window until the screens hear. The loop reads the time and then sets its timer, and a move made
    /// in between is one that timer never sees (a real clock goes on; this one stands still): seen once in a full run.
    /// </summary>
    private async Task<LiveChanges> AdvanceUntilHeardAsync(ChannelReader<LiveChanges> screens)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            time.Advance(ConversationEvents.Window);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                return await screens.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < until)
            {
            }
        }
    }

    private static IngestResult Stored(Guid conversation) =>
        new(Guid.CreateVersion7(), conversation, Guid.CreateVersion7(), false, false, false);

    [Fact]
    public async Task Publishing_returns_while_a_listener_is_still_busy()
    {
        using var blocked = new ManualResetEventSlim();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        events.MessagesStored += _ =>
        {
            heard.TrySetResult();
            blocked.Wait(Patience * 3);
        };

        var publishing = Task.Run(() => events.Published([Stored(Guid.CreateVersion7())]));

        // Throws a TimeoutException if the writer waits for the listener.
        await publishing.WaitAsync(Patience);
        await heard.Task.WaitAsync(Patience);
        blocked.Set();
    }

    [Fact]
    public async Task A_burst_inside_the_window_reaches_screens_as_one_set_of_changes()
    {
        var heard = Channel.CreateUnbounded<LiveChanges>();
        events.Coalesced += c => heard.Writer.TryWrite(c);
        var (first, second, third) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        events.Published([Stored(first)]);
        Assert.Equal([first], (await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Conversations);

        var secondMessage = Stored(second);
        events.Published([secondMessage]);
        events.Published([Stored(second), Stored(third)]);
        events.Changed(third);
        await Task.Delay(200);
        Assert.False(heard.Reader.TryRead(out _), "a second update inside the window");

        var burst = await AdvanceUntilHeardAsync(heard.Reader);

        // Version-7 ids made in the same millisecond do not sort in creation order: compare as sets.
        Assert.Equal(new HashSet<Guid> { second, third }, burst.Conversations.ToHashSet());
        Assert.Equal([third], burst.Edited);
        Assert.Contains(secondMessage.MessageId, burst.Messages);
        Assert.Equal(3, burst.Messages.Count);
    }

    [Fact]
    public async Task Per_event_listeners_hear_each_event_at_once_even_inside_the_window()
    {
        var stored = Channel.CreateUnbounded<Guid>();
        var changed = Channel.CreateUnbounded<Guid>();
        var screens = Channel.CreateUnbounded<LiveChanges>();
        events.MessagesStored += batch => stored.Writer.TryWrite(batch[0].ConversationId);
        events.ConversationChanged += id => changed.Writer.TryWrite(id);
        events.Coalesced += c => screens.Writer.TryWrite(c);
        var (first, second, third) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        events.Published([Stored(first)]);
        await screens.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        // The window is open (time stands still): screens wait, a visitor's chat does not.
        events.Published([Stored(second)]);
        events.Changed(third);
        Assert.Equal(first, await stored.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(second, await stored.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(third, await changed.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.False(screens.Reader.TryRead(out _), "screens heard inside the window");

        var burst = await AdvanceUntilHeardAsync(screens.Reader);
        Assert.Equal(new HashSet<Guid> { second, third }, burst.Conversations.ToHashSet());
    }

    [Fact]
    public async Task Changes_arriving_while_a_screen_applies_are_applied_after_it_merged_and_none_is_lost()
    {
        var applying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applied = Channel.CreateUnbounded<HashSet<Guid>>();
        var concurrent = 0;
        var overlapped = false;
        using var feed = new LiveFeed(events, _ => true, async changes =>
        {
            overlapped |= Interlocked.Increment(ref concurrent) > 1;
            applying.TrySetResult();
            await release.Task;
            applied.Writer.TryWrite([.. changes.Conversations]);
            Interlocked.Decrement(ref concurrent);
        }, work => Task.Run(work));
        var (first, second, third) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        events.Published([Stored(first)]);
        await applying.Task.WaitAsync(Patience);
        events.Published([Stored(second)]);
        time.Advance(ConversationEvents.Window);
        await Task.Delay(100);
        events.Changed(third);
        time.Advance(ConversationEvents.Window);
        await Task.Delay(100);
        release.SetResult();

        Assert.Equal([first], await applied.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        var later = new HashSet<Guid>(await applied.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        while (!later.Contains(third) || !later.Contains(second))
        {
            later.UnionWith(await applied.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        }

        Assert.False(overlapped, "two applies ran at once");
    }

    [Fact]
    public async Task A_screen_hears_only_what_concerns_it()
    {
        var mine = Guid.CreateVersion7();
        var applied = Channel.CreateUnbounded<LiveChanges>();
        using var feed = new LiveFeed(events, c => c.Conversations.Contains(mine), c =>
        {
            applied.Writer.TryWrite(c);
            return Task.CompletedTask;
        }, work => work());

        events.Published([Stored(Guid.CreateVersion7())]);
        await Task.Delay(200);
        time.Advance(ConversationEvents.Window);
        events.Published([Stored(mine)]);

        var heard = await applied.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal([mine], heard.Conversations.Where(c => c == mine));
        Assert.False(applied.Reader.TryRead(out _));
    }
}
