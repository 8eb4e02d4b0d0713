using Microsoft.Extensions.Time.Testing;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

public sealed class DoorFirstTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void At_an_ordinary_pace_the_processor_never_rests_and_takes_its_whole_batch()
    {
        var door = new DoorFirst(time, 0.25);
        for (var i = 0; i < 100; i++)
        {
            door.Journalled(DoorFirst.CrowdedBatch - 1);
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.False(door.Busy);
        Assert.Equal(TimeSpan.Zero, door.RestAfter(TimeSpan.FromMilliseconds(40)));
        Assert.Equal(100, door.BatchSize(100));
    }

    [Fact]
    public void While_callers_crowd_the_door_the_processor_works_its_share_in_small_batches()
    {
        var door = new DoorFirst(time, 0.25);
        door.Journalled(DoorFirst.CrowdedBatch);

        Assert.True(door.Busy);
        Assert.Equal(TimeSpan.FromMilliseconds(30), door.RestAfter(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(DoorFirst.BusyBatch, door.BatchSize(100));
        Assert.Equal(10, door.BatchSize(10));
        Assert.Equal(DoorFirst.Memory, door.RestAfter(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void The_door_counts_as_busy_for_a_while_after_its_last_crowded_batch()
    {
        var door = new DoorFirst(time, 0.5);
        door.Journalled(50);
        time.Advance(DoorFirst.Memory - TimeSpan.FromMilliseconds(1));
        door.Journalled(1);
        Assert.True(door.Busy);
        Assert.Equal(TimeSpan.FromMilliseconds(20), door.RestAfter(TimeSpan.FromMilliseconds(20)));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(door.Busy);
        Assert.Equal(TimeSpan.Zero, door.RestAfter(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void A_share_of_one_turns_it_off_and_a_share_outside_0_to_1_is_refused()
    {
        var off = new DoorFirst(time, 1);
        off.Journalled(500);
        Assert.Equal(TimeSpan.Zero, off.RestAfter(TimeSpan.FromMilliseconds(40)));
        Assert.Equal(100, off.BatchSize(100));

        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoorFirst(time, double.NaN));
    }
}
