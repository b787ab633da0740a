using Microsoft.Extensions.Time.Testing;
using Strata.Replicas;

namespace Strata.Tests;

/// <summary>How a flow's read-your-writes mark lives: set where the caller calls in, updated in place, bounded in time.</summary>
public class ReadYourWritesTrackerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Fact]
    public void A_write_keeps_the_flow_sticky_while_it_runs_and_for_the_window_after()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ReadYourWritesTracker(clock, Window);
        Assert.False(tracker.IsSticky());

        var mark = tracker.BeginWrite();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(tracker.IsSticky());
        tracker.EndWrite(mark);
        clock.Advance(Window - TimeSpan.FromTicks(1));
        Assert.True(tracker.IsSticky());
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(tracker.IsSticky());
    }

    [Fact]
    public async Task A_write_deeper_down_updates_the_mark_its_caller_touched()
    {
        var tracker = new ReadYourWritesTracker(new FakeTimeProvider(), Window);
        tracker.Touch();
        await WriteInsideAnAsyncMethodAsync(tracker);
        Assert.True(tracker.IsSticky());
    }

    [Fact]
    public async Task Without_a_touch_first_a_write_deeper_down_stays_down_there()
    {
        var tracker = new ReadYourWritesTracker(new FakeTimeProvider(), Window);
        await WriteInsideAnAsyncMethodAsync(tracker);
        Assert.False(tracker.IsSticky());
    }

    [Fact]
    public void An_old_mark_is_replaced_but_its_deadline_carries_over()
    {
        var clock = new FakeTimeProvider();
        var tracker = new ReadYourWritesTracker(clock, Window);
        var first = tracker.Touch();
        clock.Advance(ReadYourWritesTracker.MarkLifetime - TimeSpan.FromSeconds(1));
        tracker.EndWrite(tracker.BeginWrite());
        Assert.Same(first, tracker.Touch());

        clock.Advance(TimeSpan.FromSeconds(2));
        var second = tracker.Touch();
        Assert.NotSame(first, second);
        Assert.True(tracker.IsSticky());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tracker.IsSticky());
    }

    private static async Task WriteInsideAnAsyncMethodAsync(ReadYourWritesTracker tracker)
    {
        await Task.Yield();
        tracker.EndWrite(tracker.BeginWrite());
    }
}
