using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class SnapshotTests
{
    [Fact]
    public async Task A_snapshot_keeps_returning_the_same_data_while_writes_continue()
    {
        await using var s = TestStore.Open();
        var index = s.Store.Namespace("index");
        for (var i = 0; i < 100; i++)
        {
            await s.Store.PutAsync($"item:{i:D3}", i);
            await index.PutAsync($"by-value:{i:D3}", i);
        }
        using var snapshot = s.Store.CreateSnapshot();
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await s.Store.PutAsync($"item:{n % 150:D3}", -n);
                await s.Store.DeleteAsync($"item:{(n * 7) % 100:D3}");
                await index.PutAsync($"by-value:{n % 120:D3}", -n);
                Interlocked.Increment(ref written);
            }
        });
        try
        {
            for (var round = 0; round < 20; round++)
            {
                // Each round reads after more writes have landed (item:042 is deleted by the seventh), however the
                // thread pool schedules the writer.
                await WaitForAsync(() => Volatile.Read(ref written) >= 7 * (round + 1), writer);
                var sum = 0;
                var count = 0;
                await foreach (var entry in snapshot.ScanAsync<int>("item:"))
                {
                    sum += entry.Value;
                    count++;
                }
                Assert.Equal(100, count);
                Assert.Equal(4950, sum);
                Assert.Equal(42, await snapshot.GetAsync<int>("item:042"));
                var indexed = 0;
                await foreach (var _ in snapshot.In(index).ScanAsync("by-value:")) indexed++;
                Assert.Equal(100, indexed);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
        Assert.NotEqual(42, await s.Store.GetAsync<int?>("item:042"));
    }

    [Fact]
    public async Task A_disposed_snapshot_refuses_reads_and_frees_its_native_snapshot()
    {
        await using var s = TestStore.Open();
        var snapshot = s.Store.CreateSnapshot();
        Assert.Equal(1, s.Store.GetStatistics().OpenSnapshots);
        snapshot.Dispose();
        Assert.Equal(0, s.Store.GetStatistics().OpenSnapshots);
        Assert.Equal(0, s.Store.Children.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await snapshot.GetAsync("k"));
    }

    [Fact]
    public async Task A_scan_running_when_its_snapshot_is_disposed_finishes()
    {
        await using var s = TestStore.Open();
        for (var i = 0; i < 10; i++) await s.Store.PutAsync($"k{i}", i);
        var snapshot = s.Store.CreateSnapshot();
        var seen = 0;
        await foreach (var _ in snapshot.ScanAsync("k"))
        {
            if (++seen == 3) snapshot.Dispose();
        }
        Assert.Equal(10, seen);
        Assert.Equal(0, s.Store.Children.Count);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (at most 30 seconds), failing at once if <paramref name="writer"/> failed.</summary>
    private static async Task WaitForAsync(Func<bool> condition, Task writer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (writer.IsCompleted) await writer;
            await Task.Delay(1, timeout.Token);
        }
    }
}
