using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class ScanTests
{
    private static async Task<TestStore> SeedAsync(params string[] keys)
    {
        var s = TestStore.Open();
        foreach (var key in keys) await s.Store.PutAsync(key, Bytes.Of("v:" + key));
        return s;
    }

    private static async Task<List<string>> KeysAsync(IAsyncEnumerable<KeyValueEntry> entries)
    {
        var keys = new List<string>();
        await foreach (var entry in entries) keys.Add(entry.KeyText);
        return keys;
    }

    [Fact]
    public async Task A_prefix_scan_returns_the_keys_with_that_prefix_in_byte_order()
    {
        await using var s = await SeedAsync("user:2", "user:10", "user:1", "users", "usea", "order:1", "user;");
        Assert.Equal(["user:1", "user:10", "user:2"], await KeysAsync(s.Store.ScanAsync("user:")));
        var first = await s.Store.ScanAsync("user:").FirstAsync();
        Assert.Equal("v:user:1", Bytes.Text(first.Value));
    }

    [Fact]
    public async Task A_reverse_scan_returns_them_from_the_last_and_a_limit_stops_early()
    {
        await using var s = await SeedAsync("a:1", "a:2", "a:3", "a:4", "b:1");
        Assert.Equal(["a:4", "a:3", "a:2", "a:1"], await KeysAsync(s.Store.ScanAsync("a:", reverse: true)));
        Assert.Equal(["a:1", "a:2"], await KeysAsync(s.Store.ScanAsync("a:", limit: 2)));
        Assert.Equal(["a:4", "a:3"], await KeysAsync(s.Store.ScanAsync("a:", limit: 2, reverse: true)));
        Assert.Empty(await KeysAsync(s.Store.ScanAsync("a:", limit: 0)));
    }

    [Fact]
    public async Task An_empty_prefix_scans_the_whole_namespace()
    {
        await using var s = await SeedAsync("b", "a", "c");
        Assert.Equal(["a", "b", "c"], await KeysAsync(s.Store.ScanAsync("")));
        Assert.Equal(["c", "b", "a"], await KeysAsync(s.Store.ScanAsync("", reverse: true)));
    }

    [Fact]
    public async Task A_prefix_ending_in_0xFF_bytes_still_finds_its_keys_and_no_others()
    {
        await using var s = TestStore.Open();
        byte[][] keys = [[1, 255], [1, 255, 0], [1, 255, 255, 9], [2], [1, 254]];
        foreach (var key in keys) await s.Store.PutAsync(key, [1]);
        var found = new List<byte[]>();
        await foreach (var entry in s.Store.ScanAsync(new byte[] { 1, 255 })) found.Add(entry.Key);
        Assert.Equal([[1, 255], [1, 255, 0], [1, 255, 255, 9]], found);
        var all = new List<byte[]>();
        await foreach (var entry in s.Store.ScanAsync(new byte[] { 255 })) all.Add(entry.Key);
        Assert.Empty(all);
    }

    [Fact]
    public async Task A_range_includes_its_start_and_excludes_its_end_in_both_directions()
    {
        await using var s = await SeedAsync("k1", "k2", "k3", "k4", "k5");
        Assert.Equal(["k2", "k3", "k4"], await KeysAsync(s.Store.RangeAsync("k2", "k5")));
        Assert.Equal(["k4", "k3", "k2"], await KeysAsync(s.Store.RangeAsync("k2", "k5", reverse: true)));
        Assert.Equal(["k4", "k3"], await KeysAsync(s.Store.RangeAsync("k2", "k5", limit: 2, reverse: true)));
        Assert.Equal(["k1", "k2"], await KeysAsync(s.Store.RangeAsync(null, "k3")));
        Assert.Equal(["k4", "k5"], await KeysAsync(s.Store.RangeAsync("k4", null)));
        Assert.Equal(["k5", "k4", "k3", "k2", "k1"], await KeysAsync(s.Store.RangeAsync(null, null, reverse: true)));
        Assert.Empty(await KeysAsync(s.Store.RangeAsync("k3", "k3")));
    }

    [Fact]
    public async Task Typed_scans_deserialize_each_value()
    {
        await using var s = TestStore.Open();
        for (var i = 1; i <= 3; i++) await s.Store.PutAsync($"n:{i}", i * 10);
        var values = new List<int>();
        await foreach (var entry in s.Store.ScanAsync<int>("n:")) values.Add(entry.Value);
        Assert.Equal([10, 20, 30], values);
        var ranged = new List<int>();
        await foreach (var entry in s.Store.RangeAsync<int>("n:2", null)) ranged.Add(entry.Value);
        Assert.Equal([20, 30], ranged);
    }

    [Fact]
    public async Task A_scan_streams_ten_thousand_keys_holding_one_iterator_and_frees_it_at_the_end()
    {
        await using var s = TestStore.Open();
        var batch = s.Store.CreateBatch();
        for (var i = 0; i < 10_000; i++) batch.Put($"row:{i:D5}", BitConverter.GetBytes(i));
        await s.Store.WriteAsync(batch);

        var count = 0;
        var previous = "";
        await foreach (var entry in s.Store.ScanAsync("row:"))
        {
            Assert.True(string.CompareOrdinal(previous, entry.KeyText) < 0);
            previous = entry.KeyText;
            Assert.Equal(1, s.Store.Children.Count);
            count++;
        }
        Assert.Equal(10_000, count);
        Assert.Equal(0, s.Store.Children.Count);
    }

    [Fact]
    public async Task An_enumeration_left_early_frees_its_iterator_at_once()
    {
        await using var s = await SeedAsync("a", "b", "c");
        await foreach (var entry in s.Store.ScanAsync(""))
        {
            if (entry.KeyText == "b") break;
        }
        Assert.Equal(0, s.Store.Children.Count);

        // An enumerator never disposed holds its iterator until the store closes, which frees it.
        var abandoned = s.Store.ScanAsync("").GetAsyncEnumerator();
        Assert.True(await abandoned.MoveNextAsync());
        Assert.Equal(1, s.Store.Children.Count);
        await s.Store.DisposeAsync();
        Assert.Equal(0, s.Store.Children.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await abandoned.MoveNextAsync());
    }

    [Fact]
    public async Task A_scan_opens_nothing_until_it_is_enumerated_and_each_enumeration_reads_afresh()
    {
        await using var s = await SeedAsync("a");
        var scan = s.Store.ScanAsync("");
        Assert.Equal(0, s.Store.Children.Count);
        await s.Store.PutAsync("b", [1]);
        Assert.Equal(["a", "b"], await KeysAsync(scan));
        await s.Store.PutAsync("c", [1]);
        Assert.Equal(["a", "b", "c"], await KeysAsync(scan));
    }

    [Fact]
    public async Task A_cancelled_scan_stops_with_the_cancellation()
    {
        await using var s = await SeedAsync("a", "b", "c");
        using var cancel = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in s.Store.ScanAsync("", cancellationToken: cancel.Token))
            {
                seen++;
                await cancel.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
        Assert.Equal(0, s.Store.Children.Count);
    }

    [Fact]
    public async Task A_negative_limit_or_a_null_prefix_is_refused()
    {
        await using var s = TestStore.Open();
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Store.ScanAsync("a", limit: -1));
        Assert.Throws<ArgumentNullException>(() => s.Store.ScanAsync((string?)null));
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async Task<T> FirstAsync<T>(this IAsyncEnumerable<T> source)
    {
        await foreach (var item in source) return item;
        throw new InvalidOperationException("The sequence is empty.");
    }
}
