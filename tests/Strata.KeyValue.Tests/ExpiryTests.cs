using Microsoft.Extensions.Time.Testing;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class ExpiryTests
{
    [Fact]
    public async Task An_expiring_key_reads_as_absent_from_the_moment_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        await using var s = TestStore.Open(o => o with { TimeProvider = clock });
        await s.Store.PutAsync("session", Bytes.Of("token"), TimeSpan.FromMinutes(30));
        await s.Store.PutAsync<int>("typed", 5, TimeSpan.FromMinutes(30));
        await s.Store.PutAsync("forever", Bytes.Of("stays"));

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("token", Bytes.Text(await s.Store.GetAsync("session")));
        var entry = await s.Store.ScanAsync("session").FirstAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:30:00Z"), entry.ExpiresAt);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await s.Store.GetAsync("session"));
        Assert.False(await s.Store.ExistsAsync("session"));
        Assert.Null(await s.Store.GetAsync<int?>("typed"));
        var keys = new List<string>();
        await foreach (var e in s.Store.ScanAsync("")) keys.Add(e.KeyText);
        Assert.Equal(["forever"], keys);
    }

    [Fact]
    public async Task A_put_without_expiry_removes_an_earlier_one()
    {
        var clock = new FakeTimeProvider();
        await using var s = TestStore.Open(o => o with { TimeProvider = clock });
        await s.Store.PutAsync("k", Bytes.Of("1"), TimeSpan.FromSeconds(1));
        await s.Store.PutAsync("k", Bytes.Of("2"));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("2", Bytes.Text(await s.Store.GetAsync("k")));
    }

    [Fact]
    public async Task Expired_keys_do_not_count_towards_a_scans_limit()
    {
        var clock = new FakeTimeProvider();
        await using var s = TestStore.Open(o => o with { TimeProvider = clock });
        await s.Store.PutAsync("a", [1], TimeSpan.FromSeconds(1));
        await s.Store.PutAsync("b", [1], TimeSpan.FromSeconds(1));
        await s.Store.PutAsync("c", [1]);
        await s.Store.PutAsync("d", [1]);
        clock.Advance(TimeSpan.FromSeconds(2));
        var keys = new List<string>();
        await foreach (var e in s.Store.ScanAsync("", limit: 1)) keys.Add(e.KeyText);
        Assert.Equal(["c"], keys);
    }

    [Fact]
    public async Task Compaction_removes_expired_keys_from_disk()
    {
        var clock = new FakeTimeProvider();
        await using var s = TestStore.Open(o => o with { TimeProvider = clock });
        var batch = s.Store.CreateBatch();
        for (var i = 0; i < 1000; i++) batch.Put($"temp:{i:D4}", new byte[100], TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++) batch.Put($"kept:{i}", new byte[100]);
        await s.Store.WriteAsync(batch);
        await s.Store.CompactAsync();
        Assert.InRange(s.Store.GetStatistics().EstimatedKeys, 1000, 1100);

        clock.Advance(TimeSpan.FromMinutes(2));
        await s.Store.CompactAsync();
        var statistics = s.Store.GetStatistics();
        Assert.InRange(statistics.EstimatedKeys, 10, 20);
        Assert.True(statistics.SstFilesBytes < 20_000, $"{statistics.SstFilesBytes} bytes of table files remain");
        Assert.True(await s.Store.ExistsAsync("kept:3"));
    }

    [Fact]
    public async Task A_non_positive_expiry_is_refused()
    {
        await using var s = TestStore.Open();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await s.Store.PutAsync("k", [1], TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await s.Store.PutAsync("k", 1, TimeSpan.FromSeconds(-1)));
    }
}
