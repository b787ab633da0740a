using System.Collections.Concurrent;
using System.Diagnostics;
using Strata.Redis.Tests.Infrastructure;

namespace Strata.Redis.Tests;

/// <summary>Redis stopped mid-run: a redis-server of the test's own, never the shared one.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task With_Redis_stopped_the_cache_serves_stale_values_or_the_factory_the_limiter_falls_back_in_time_and_all_resumes_after_restart()
    {
        await using var server = await OwnRedisServer.StartAsync();
        var store = await TestRedis.OpenAsync(server.Url, o => o with { CommandTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(1) });
        try
        {
            var received = new ConcurrentQueue<string>();
            await store.PubSub.SubscribeAsync<string>("news", m => { received.Enqueue(m); return Task.CompletedTask; });
            await store.Cache.RememberAsync("stale", TimeSpan.FromMilliseconds(200), () => Task.FromResult("before"));
            var deny = store.CreateRateLimiter(RateLimitPolicy.FixedWindow(100, TimeSpan.FromMinutes(1)), new RedisRateLimiterOptions { FailMode = RateLimiterFailMode.Deny });
            var local = store.CreateRateLimiter(RateLimitPolicy.FixedWindow(2, TimeSpan.FromMinutes(1)), new RedisRateLimiterOptions { FailMode = RateLimiterFailMode.Local, Prefix = "rl2:" });
            Assert.True((await deny.ConsumeAsync("k")).Allowed);

            await server.StopAsync();
            await Task.Delay(300);

            // The cache: the expired value is served (fail-safe); a key never seen falls through to the factory; nothing hangs.
            var watch = Stopwatch.StartNew();
            Assert.Equal("before", await store.Cache.RememberAsync<string>("stale", TimeSpan.FromMilliseconds(200), () => throw new InvalidOperationException("source down too")));
            Assert.Equal("fresh", await store.Cache.RememberAsync("never-seen", TimeSpan.FromMinutes(1), () => Task.FromResult("fresh")));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"cache calls took {watch.Elapsed}");

            // The limiter: its fail mode decides within 250 ms (plus scheduling slack on a busy machine).
            watch.Restart();
            var denied = await deny.ConsumeAsync("k");
            Assert.True(denied.FromFailMode);
            Assert.False(denied.Allowed);
            Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(400), $"the fail mode took {watch.Elapsed.TotalMilliseconds} ms");
            Assert.True((await local.ConsumeAsync("k")).Allowed);
            Assert.True((await local.ConsumeAsync("k")).Allowed);
            var third = await local.ConsumeAsync("k");
            Assert.True(third.FromFailMode);
            Assert.False(third.Allowed);
            await Assert.ThrowsAsync<RedisConnectionFailureException>(() => store.CreateSessionStore().CreateAsync(new { userId = "u" }));

            await server.StartAgainAsync();
            await TestRedis.EventuallyAsync(() => Task.FromResult(store.IsConnected), TimeSpan.FromSeconds(10));

            // Everything resumes by itself: the limiter decides in Redis again, the cache writes to it, pub/sub was resubscribed.
            await TestRedis.EventuallyAsync(async () => !(await deny.ConsumeAsync("k")).FromFailMode, TimeSpan.FromSeconds(10));
            await store.Cache.SetAsync("after", 1, TimeSpan.FromMinutes(1));
            await TestRedis.EventuallyAsync(async () =>
            {
                await store.PubSub.PublishAsync("news", "back");
                await Task.Delay(50);
                return received.Contains("back");
            }, TimeSpan.FromSeconds(10));
            Assert.NotNull(await store.CreateSessionStore().CreateAsync(new { userId = "u" }));
        }
        finally { await store.DisposeAsync(); }
    }
}
