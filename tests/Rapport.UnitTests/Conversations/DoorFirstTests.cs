using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

public sealed class DoorFirstTests
{
    private readonly FakeTimeProvider time = new();

    /// <summary>
    /// <paramref name="windows"/> of <see cref="DoorFirst.Window"/> of traffic: every 10 ms a journal batch of <paramref name="perBatch"/> new entries
    /// (all acknowledge-only) and a processing batch of <paramref name="processedPerBatch"/> taking <paramref name="took"/>.
    /// </summary>
    private void Traffic(DoorFirst door, int perBatch, int processedPerBatch, TimeSpan took, int windows = DoorFirst.BehindWindows)
    {
        for (var window = 0; window < windows; window++)
        {
            for (var elapsed = TimeSpan.Zero; elapsed < DoorFirst.Window; elapsed += TimeSpan.FromMilliseconds(10))
            {
                door.Journalled(perBatch, perBatch);
                door.Processed(processedPerBatch, took);
                time.Advance(TimeSpan.FromMilliseconds(10));
            }

            door.Journalled(0, perBatch); // the next batch completes the window
        }
    }

    [Fact]
    public void At_an_ordinary_pace_the_processor_never_rests_and_takes_its_whole_batch()
    {
        var door = new DoorFirst(time, 0.25);
        for (var i = 0; i < 300; i++)
        {
            door.Journalled(DoorFirst.CrowdedBatch - 1, DoorFirst.CrowdedBatch - 1);
            door.Processed(DoorFirst.CrowdedBatch - 1, TimeSpan.FromMilliseconds(2));
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.False(door.Busy);
        Assert.Equal(TimeSpan.Zero, door.RestAfter(TimeSpan.FromMilliseconds(40)));
        Assert.Equal(100, door.BatchSize(100));
    }

    [Fact]
    public void A_crowded_door_at_a_pace_the_processor_keeps_up_with_leaves_the_processor_at_full_speed()
    {
        // 1,000 messages a second arrive in crowded batches of 10 (behind SQLite's write lock); processing them takes
        // 4 ms a batch of 10, so the processor could do 2,500 a second.
        var door = new DoorFirst(time, 0.25);
        Traffic(door, perBatch: 10, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(4));

        Assert.False(door.Busy);
        Assert.Equal(TimeSpan.Zero, door.RestAfter(TimeSpan.FromMilliseconds(4)));
        Assert.Equal(100, door.BatchSize(100));
    }

    [Fact]
    public void A_crowded_door_with_messages_arriving_faster_than_full_speed_processing_puts_the_door_first()
    {
        // 5,000 messages a second arrive; the processor, working all the time, gets through 2,000.
        var door = new DoorFirst(time, 0.25);
        Traffic(door, perBatch: 50, processedPerBatch: 20, took: TimeSpan.FromMilliseconds(10));

        Assert.True(door.Busy);
        Assert.Equal(TimeSpan.FromMilliseconds(30), door.RestAfter(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(DoorFirst.BusyBatch, door.BatchSize(100));
        Assert.Equal(10, door.BatchSize(10));
        Assert.Equal(DoorFirst.Memory, door.RestAfter(TimeSpan.FromSeconds(1)));

        // The burst ends: no crowd, and within a window no arrivals either.
        time.Advance(DoorFirst.Memory);
        Assert.False(door.Busy);
        door.Processed(25, TimeSpan.FromMilliseconds(10));
        time.Advance(DoorFirst.Window);
        door.Journalled(1, 1);
        Assert.False(door.Busy);
    }

    [Fact]
    public void A_processor_that_keeps_up_while_waiting_on_its_database_is_not_rested_however_its_pace_measures()
    {
        // PostgreSQL at a steady 1,000 messages a second: every 10 ms a crowded batch of 10 arrives and the processor
        // files those 10, but its round trips keep it "working" 11 ms for them, so its measured pace (909 a second) is
        // below the arrivals window after window. Nothing waits, so there is nothing to put the door first for.
        var door = new DoorFirst(time, 0.25);
        Traffic(door, perBatch: 10, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(11), windows: 5);

        Assert.False(door.Busy);
        Assert.Equal(TimeSpan.Zero, door.RestAfter(TimeSpan.FromMilliseconds(11)));
        Assert.Equal(100, door.BatchSize(100));

        // Should it then fall half a second behind, it rests.
        door.Journalled(600, 600);
        Assert.True(door.Busy);
    }

    [Fact]
    public void Until_the_processor_has_worked_a_while_its_pace_is_unknown_and_it_works_at_full_speed()
    {
        var door = new DoorFirst(time, 0.25);
        for (var i = 0; i < 200; i++)
        {
            door.Journalled(100, 100);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.False(door.Busy);
    }

    [Fact]
    public void Resting_does_not_count_as_the_processors_pace()
    {
        // While the door is first the processor works a quarter of the time: its pace is what it does while working
        // (here 4,000 a second), so arrivals of 5,000 a second keep the door first, and arrivals of 3,000 do not.
        var door = new DoorFirst(time, 0.25);
        Traffic(door, perBatch: 50, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(2.5));
        Assert.True(door.Busy);

        Traffic(door, perBatch: 30, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(2.5));
        Assert.False(door.Busy);
    }

    [Fact]
    public void One_second_behind_is_not_a_burst()
    {
        // A second in which the processor fell behind (a checkpoint, a pause) between seconds in which it kept up.
        var door = new DoorFirst(time, 0.25);
        Traffic(door, perBatch: 20, processedPerBatch: 20, took: TimeSpan.FromMilliseconds(5), windows: 1);
        Traffic(door, perBatch: 20, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(10), windows: 1);
        Assert.False(door.Busy);

        Traffic(door, perBatch: 20, processedPerBatch: 20, took: TimeSpan.FromMilliseconds(5), windows: 1);
        Traffic(door, perBatch: 20, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(10), windows: 1);
        Assert.False(door.Busy);

        Traffic(door, perBatch: 20, processedPerBatch: 10, took: TimeSpan.FromMilliseconds(10), windows: 1);
        Assert.True(door.Busy);
    }

    [Fact]
    public void A_share_of_one_turns_it_off_and_a_share_outside_0_to_1_is_refused()
    {
        var off = new DoorFirst(time, 1);
        Traffic(off, perBatch: 50, processedPerBatch: 20, took: TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.Zero, off.RestAfter(TimeSpan.FromMilliseconds(40)));
        Assert.Equal(100, off.BatchSize(100));

        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, double.NaN));
    }
}
