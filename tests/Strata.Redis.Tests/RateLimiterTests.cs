using System.Collections.Concurrent;
using StackExchange.Redis;
using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

public sealed class RateLimiterTests
{
    [Theory, BothTopologies]
    public async Task Sixty_four_workers_consuming_one_key_get_exactly_the_limit_in_each_window_and_every_key_has_a_ttl(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            // Counting is what is measured here, not the fail mode: a generous fail timeout keeps a busy machine from triggering it.
            var limiter = store.CreateRateLimiter(RateLimitPolicy.FixedWindow(1000, TimeSpan.FromSeconds(1)), new RedisRateLimiterOptions { FailTimeout = TimeSpan.FromSeconds(10) });
            var attempts = new ConcurrentDictionary<DateTimeOffset, int>();
            var allowed = new ConcurrentDictionary<DateTimeOffset, int>();
            var workers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    var decision = await limiter.ConsumeAsync("api:hot");
                    Assert.False(decision.FromFailMode);
                    attempts.AddOrUpdate(decision.ResetAt, 1, (_, n) => n + 1);
                    if (decision.Allowed) allowed.AddOrUpdate(decision.ResetAt, 1, (_, n) => n + 1);
                }
            })).ToArray();
            await Task.WhenAll(workers);
            Assert.Equal(640_000, attempts.Values.Sum());
            foreach (var (window, tried) in attempts)
                Assert.Equal(Math.Min(1000, tried), allowed.GetValueOrDefault(window));
            foreach (var key in await TestRedis.KeysAsync(store))
                Assert.NotEqual(-1, (long)await store.Connection.GetDatabase().ExecuteAsync("PTTL", key));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task Check_peeks_consume_reports_remaining_and_retry_after_and_reset_starts_again(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var limiter = store.CreateRateLimiter(RateLimitPolicy.FixedWindow(3, TimeSpan.FromMinutes(1)));
            Assert.True((await limiter.CheckAsync("u")).Allowed);
            Assert.Equal(1, (await limiter.ConsumeAsync("u", 2)).Remaining);
            Assert.False((await limiter.ConsumeAsync("u", 2)).Allowed);
            var last = await limiter.ConsumeAsync("u");
            Assert.True(last.Allowed);
            Assert.Equal(0, last.Remaining);
            var denied = await limiter.ConsumeAsync("u");
            Assert.False(denied.Allowed);
            Assert.InRange(denied.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
            Assert.False((await limiter.CheckAsync("u")).Allowed);
            await limiter.ResetAsync("u");
            Assert.True((await limiter.ConsumeAsync("u")).Allowed);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task A_sliding_window_never_grants_more_than_the_limit_within_one_window(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            var limiter = store.CreateRateLimiter(RateLimitPolicy.SlidingWindow(50, TimeSpan.FromMilliseconds(500)));
            var granted = new ConcurrentBag<DateTimeOffset>();
            var stopAt = DateTime.UtcNow.AddMilliseconds(1300);
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (DateTime.UtcNow < stopAt)
                {
                    var decision = await limiter.ConsumeAsync("s");
                    if (decision.Allowed) granted.Add(decision.ResetAt - TimeSpan.FromMilliseconds(500));
                }
            })));
            // Two full windows at least fit in the run: more than 50 granted overall, at most 50 per window (plus one window of start-up).
            Assert.InRange(granted.Count, 100, 50 * 5);
            foreach (var key in await TestRedis.KeysAsync(store))
                Assert.NotEqual(-1, (long)await store.Connection.GetDatabase().ExecuteAsync("PTTL", key));
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Theory, BothTopologies]
    public async Task A_token_bucket_allows_its_burst_then_refills(Topology topology)
    {
        var store = await TestRedis.OpenAsync(topology);
        try
        {
            // One token every two seconds: a loaded machine cannot refill the bucket between the burst and the refused call.
            var limiter = store.CreateRateLimiter(RateLimitPolicy.TokenBucket(5, 1, TimeSpan.FromSeconds(2)));
            for (var i = 0; i < 5; i++) Assert.True((await limiter.ConsumeAsync("b")).Allowed);
            var denied = await limiter.ConsumeAsync("b");
            Assert.False(denied.Allowed);
            Assert.InRange(denied.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
            await Task.Delay(denied.RetryAfter + TimeSpan.FromMilliseconds(30));
            Assert.True((await limiter.ConsumeAsync("b")).Allowed);
        }
        finally { await TestRedis.CleanAsync(store); }
    }

    [Fact]
    public async Task The_partitioned_limiter_grants_and_refuses_with_retry_after()
    {
        var store = await TestRedis.OpenAsync(Topology.Single);
        try
        {
            var limiter = store.CreateRateLimiter(RateLimitPolicy.FixedWindow(2, TimeSpan.FromMinutes(1))).AsPartitioned<string>(ip => ip);
            using (var first = await limiter.AcquireAsync("10.0.0.1")) Assert.True(first.IsAcquired);
            using (var second = limiter.AttemptAcquire("10.0.0.1")) Assert.True(second.IsAcquired);
            using var third = await limiter.AcquireAsync("10.0.0.1");
            Assert.False(third.IsAcquired);
            Assert.True(third.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero);
            using var other = await limiter.AcquireAsync("10.0.0.2");
            Assert.True(other.IsAcquired);
        }
        finally { await TestRedis.CleanAsync(store); }
    }
}
