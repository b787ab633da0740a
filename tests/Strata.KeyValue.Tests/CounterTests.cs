using Microsoft.Extensions.Time.Testing;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class CounterTests
{
    [Fact]
    public async Task Concurrent_increments_from_eight_threads_lose_nothing()
    {
        await using var s = TestStore.Open();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++) await s.Store.IncrementAsync("visits");
        })));
        Assert.Equal(2000, await s.Store.GetAsync<long>("visits"));
        Assert.Equal("2000", Bytes.Text(await s.Store.GetAsync("visits")));
    }

    [Fact]
    public async Task An_increment_returns_the_new_value_and_takes_any_delta()
    {
        await using var s = TestStore.Open();
        Assert.Equal(5, await s.Store.IncrementAsync("c", 5));
        Assert.Equal(2, await s.Store.IncrementAsync("c", -3));
        await s.Store.PutAsync("c", 40L);
        Assert.Equal(42, await s.Store.IncrementAsync("c", 2));
    }

    [Fact]
    public async Task Increments_racing_plain_puts_of_the_same_key_are_never_lost()
    {
        await using var s = TestStore.Open();
        var increments = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++) await s.Store.IncrementAsync("mixed");
        });
        var puts = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++) await s.Store.PutAsync("other", i);
        });
        await Task.WhenAll(increments, puts);
        Assert.Equal(300, await s.Store.GetAsync<long>("mixed"));
    }

    [Fact]
    public async Task A_counter_created_with_an_expiry_keeps_it_and_starts_again_after()
    {
        var clock = new FakeTimeProvider();
        await using var s = TestStore.Open(o => o with { TimeProvider = clock });
        Assert.Equal(1, await s.Store.IncrementAsync("hits:minute", expiresAfter: TimeSpan.FromMinutes(1)));
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(2, await s.Store.IncrementAsync("hits:minute", expiresAfter: TimeSpan.FromMinutes(1)));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await s.Store.IncrementAsync("hits:minute", expiresAfter: TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_key_holding_something_else_or_an_overflow_is_a_clear_error()
    {
        await using var s = TestStore.Open();
        await s.Store.PutAsync("name", "ada");
        var notCounter = await Assert.ThrowsAsync<InvalidOperationException>(async () => await s.Store.IncrementAsync("name"));
        Assert.Contains("not a counter", notCounter.Message);
        Assert.DoesNotContain("ada", notCounter.Message);
        await s.Store.PutAsync("big", long.MaxValue);
        var overflow = await Assert.ThrowsAsync<InvalidOperationException>(async () => await s.Store.IncrementAsync("big"));
        Assert.Contains("64-bit", overflow.Message);
        Assert.Equal(long.MaxValue, await s.Store.GetAsync<long>("big"));
    }

    [Fact]
    public async Task An_increment_inside_a_transaction_commits_with_it_or_not_at_all()
    {
        await using var s = TestStore.Open();
        await using (var tx = s.Store.BeginTransaction())
        {
            Assert.Equal(1, await tx.IncrementAsync("n"));
            Assert.Equal(2, await tx.IncrementAsync("n"));
        }
        Assert.False(await s.Store.ExistsAsync("n"));
        await s.Store.TransactionAsync(async tx => await tx.IncrementAsync("n", 10));
        Assert.Equal(10, await s.Store.GetAsync<long>("n"));
    }
}
