using Strata.Redis;

namespace Strata.Testing.Tests.Redis;

/// <summary>
/// What the cache, pub/sub and rate limiter promise, written once and run against Redis (through TestRedis) and against the
/// in-memory stand-ins, so that the stand-ins cannot drift from what Redis does.
/// </summary>
public abstract class RedisContract : IAsyncLifetime
{
    protected abstract IRedisCache Cache { get; }

    protected abstract IRedisPubSub PubSub { get; }

    protected abstract IRedisRateLimiter Limiter(RateLimitPolicy policy);

    protected abstract IRedisSessionStore Sessions(SessionStoreOptions options);

    /// <summary>Lets <paramref name="time"/> pass (waits on Redis, moves the fake clock in memory).</summary>
    protected abstract Task PassAsync(TimeSpan time);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A time to live or window long enough that a loaded machine does not outlast it between two calls.</summary>
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_value_set_is_read_back_until_it_is_forgotten()
    {
        await Cache.SetAsync("user:1", new CachedUser("Ada", 36), TimeSpan.FromMinutes(1));

        Assert.Equal(new CachedUser("Ada", 36), await Cache.GetAsync<CachedUser>("user:1"));
        Assert.Equal((false, 0), await Cache.TryGetAsync<int>("user:missing"));
        await Cache.ForgetAsync("user:1");
        Assert.Null(await Cache.GetAsync<CachedUser>("user:1"));
    }

    [Fact]
    public async Task A_value_expires_after_its_time_to_live()
    {
        await Cache.SetAsync("short", 42, Short);
        Assert.Equal((true, 42), await Cache.TryGetAsync<int>("short"));

        await PassAsync(Short * 1.5);

        // On a loaded machine Redis may answer a read late, and the cache then serves the expired value (its fail-safe) for a moment.
        for (var i = 0; i < 30 && (await Cache.TryGetAsync<int>("short")).Found; i++) await Task.Delay(100);
        Assert.Equal((false, 0), await Cache.TryGetAsync<int>("short"));
    }

    [Fact]
    public async Task Remember_calls_the_factory_on_a_miss_only_and_again_after_expiry()
    {
        var calls = 0;
        Task<int> Factory(CancellationToken _) => Task.FromResult(++calls);

        Assert.Equal(1, await Cache.RememberAsync("counter", Short, Factory));
        Assert.Equal(1, await Cache.RememberAsync("counter", Short, Factory));
        await PassAsync(Short * 1.5);
        Assert.Equal(2, await Cache.RememberAsync("counter", Short, Factory));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Cache.RememberAsync("counter", TimeSpan.Zero, Factory));
    }

    [Fact]
    public async Task Invalidating_a_tag_removes_its_entries_and_leaves_the_others()
    {
        await Cache.SetAsync("a", 1, TimeSpan.FromMinutes(1), ["orders"]);
        await Cache.SetAsync("b", 2, TimeSpan.FromMinutes(1), ["orders", "users"]);
        await Cache.SetAsync("c", 3, TimeSpan.FromMinutes(1), ["users"]);

        await Cache.InvalidateTagAsync("orders");

        Assert.False((await Cache.TryGetAsync<int>("a")).Found);
        Assert.False((await Cache.TryGetAsync<int>("b")).Found);
        Assert.Equal(3, await Cache.GetAsync<int>("c"));
    }

    [Fact]
    public async Task A_channel_subscriber_gets_its_channels_messages_in_order_and_no_others()
    {
        var received = new List<PubSubMessage<string>>();
        var third = new TaskCompletionSource();
        await using var subscription = await PubSub.SubscribeAsync<string>("orders", m =>
        {
            received.Add(m);
            if (received.Count == 3) third.TrySetResult();
            return Task.CompletedTask;
        });

        Assert.Equal(0, await PubSub.PublishAsync("orders:other", "elsewhere"));
        foreach (var message in new[] { "one", "two", "three" }) Assert.Equal(1, await PubSub.PublishAsync("orders", message));
        await third.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["one", "two", "three"], received.Select(m => m.Message).ToArray());
        Assert.All(received, m => Assert.Equal(("orders", (string?)null), (m.Channel, m.Pattern)));
    }

    [Fact]
    public async Task A_pattern_subscriber_gets_every_matching_channel_with_the_pattern()
    {
        var got = new TaskCompletionSource<PubSubMessage<int>>();
        await using var subscription = await PubSub.SubscribePatternAsync<int>("user:[0-9]*", m =>
        {
            got.TrySetResult(m);
            return Task.CompletedTask;
        });

        Assert.Equal(0, await PubSub.PublishAsync("user:admin", 1));
        Assert.Equal(1, await PubSub.PublishAsync("user:42", 42));
        var message = await got.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(new PubSubMessage<int>("user:42", "user:[0-9]*", 42), message);
    }

    [Fact]
    public async Task After_unsubscribing_nothing_is_delivered()
    {
        await PubSub.SubscribeAsync<string>("news", (string _) => Task.CompletedTask);
        await PubSub.SubscribeAsync<string>("news", (string _) => Task.CompletedTask);

        Assert.Equal(2, await PubSub.UnsubscribeAsync("news"));
        Assert.Equal(0, await PubSub.PublishAsync("news", "nobody listens"));
    }

    [Fact]
    public async Task A_fixed_window_grants_its_limit_then_refuses_until_the_window_ends()
    {
        var limiter = Limiter(RateLimitPolicy.FixedWindow(3, TimeSpan.FromHours(1)));

        Assert.True((await limiter.CheckAsync("ip:1")).Allowed);
        for (var i = 0; i < 3; i++) Assert.True((await limiter.ConsumeAsync("ip:1")).Allowed);
        var refused = await limiter.ConsumeAsync("ip:1");

        Assert.False(refused.Allowed);
        Assert.Equal((3, 0), (refused.Limit, refused.Remaining));
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Assert.True((await limiter.ConsumeAsync("ip:2")).Allowed);
        await limiter.ResetAsync("ip:1");
        Assert.True((await limiter.ConsumeAsync("ip:1")).Allowed);
    }

    [Fact]
    public async Task A_sliding_window_frees_permits_as_they_age_out()
    {
        var limiter = Limiter(RateLimitPolicy.SlidingWindow(2, Short));

        Assert.True((await limiter.ConsumeAsync("user", 2)).Allowed);
        var refused = await limiter.ConsumeAsync("user");
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), Short);

        await PassAsync(Short * 1.5);

        var granted = await limiter.ConsumeAsync("user");
        Assert.True(granted.Allowed);
        Assert.Equal(1, granted.Remaining);
    }

    [Fact]
    public async Task A_token_bucket_refills_over_time()
    {
        var limiter = Limiter(RateLimitPolicy.TokenBucket(2, 1, Short));

        Assert.True((await limiter.ConsumeAsync("api", 2)).Allowed);
        var refused = await limiter.ConsumeAsync("api");
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(1), Short);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => limiter.ConsumeAsync("api", 3));

        await PassAsync(Short * 1.5);

        Assert.True((await limiter.ConsumeAsync("api")).Allowed);
    }

    [Fact]
    public async Task A_session_keeps_its_fields_merges_updates_and_ends_when_destroyed()
    {
        var sessions = Sessions(SessionStoreOptions.Default);
        var id = await sessions.CreateAsync(new { userId = "u1", theme = "dark", cart = new[] { 1, 2 } });

        Assert.True(await sessions.UpdateAsync(id, new { theme = "light" }));
        var session = await sessions.GetAsync(id);

        Assert.NotNull(session);
        Assert.Equal(("u1", "light"), (session.UserId, session.Get<string>("theme")));
        Assert.Equal([1, 2], session.Get<int[]>("cart")!);
        Assert.True(await sessions.DestroyAsync(id));
        Assert.Null(await sessions.GetAsync(id));
        Assert.False(await sessions.DestroyAsync(id));
        Assert.False(await sessions.TouchAsync(id));
    }

    [Fact]
    public async Task A_session_slides_its_expiry_when_touched_and_expires_when_left()
    {
        var sessions = Sessions(SessionStoreOptions.Default with { Ttl = TimeSpan.FromSeconds(2) });
        var id = await sessions.CreateAsync(new { userId = "u2" });

        await PassAsync(TimeSpan.FromSeconds(1.2));
        Assert.True(await sessions.TouchAsync(id));
        await PassAsync(TimeSpan.FromSeconds(1.2));
        Assert.NotNull(await sessions.GetAsync(id));
        await PassAsync(TimeSpan.FromSeconds(2.4));

        Assert.Null(await sessions.GetAsync(id));
        Assert.Empty(await sessions.GetUserSessionsAsync("u2"));
    }

    [Fact]
    public async Task A_users_sessions_are_listed_and_ended_together()
    {
        var sessions = Sessions(SessionStoreOptions.Default);
        var first = await sessions.CreateAsync(new { userId = "u3" });
        var second = await sessions.CreateAsync(new { userId = 3 });
        await sessions.CreateAsync(new { userId = "someone else" });
        var moved = await sessions.CreateAsync(new { userId = "u3" });
        await sessions.UpdateAsync(moved, new { userId = "u4" });

        Assert.Equal([first], (await sessions.GetUserSessionsAsync("u3")).Select(s => s.Id).ToArray());
        Assert.Equal([second], (await sessions.GetUserSessionsAsync("3")).Select(s => s.Id).ToArray());
        Assert.Equal(1, await sessions.DestroyUserSessionsAsync("u3"));
        Assert.Null(await sessions.GetAsync(first));
        Assert.NotNull(await sessions.GetAsync(moved));
    }
}

public sealed record CachedUser(string Name, int Age);
