using Microsoft.Extensions.Time.Testing;
using Strata.Redis;

namespace Strata.Testing.Tests.Redis;

/// <summary>The contract on the real server, each test in a keyspace of its own.</summary>
public sealed class RealRedisContractTests : RedisContract
{
    public static string Url => Environment.GetEnvironmentVariable("STRATA_REDIS_URL") ?? "redis://127.0.0.1:6379";

    private TestRedis _redis = null!;

    protected override IRedisCache Cache => _redis.Store.Cache;

    protected override IRedisPubSub PubSub => _redis.Store.PubSub;

    protected override IRedisRateLimiter Limiter(RateLimitPolicy policy) => _redis.Store.CreateRateLimiter(policy);

    protected override IRedisSessionStore Sessions(SessionStoreOptions options) => _redis.Store.CreateSessionStore(options);

    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    public override async Task InitializeAsync() => _redis = await TestRedis.CreateAsync(Url);

    public override async Task DisposeAsync() => await _redis.DisposeAsync();
}

/// <summary>The contract on the in-memory stand-ins, on a fake clock.</summary>
public sealed class InMemoryRedisContractTests : RedisContract
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryPubSub _pubSub = new();
    private InMemoryRedisCache _cache = null!;

    protected override IRedisCache Cache => _cache;

    protected override IRedisPubSub PubSub => _pubSub;

    protected override IRedisRateLimiter Limiter(RateLimitPolicy policy) => new InMemoryRateLimiter(policy, _time);

    protected override IRedisSessionStore Sessions(SessionStoreOptions options) => new InMemorySessionStore(options, _time);

    protected override Task PassAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }

    public override Task InitializeAsync()
    {
        _cache = new InMemoryRedisCache(_time);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync() => await _pubSub.DisposeAsync();
}

public sealed class TestRedisTests
{
    [Fact]
    public async Task Each_keyspace_is_isolated_and_its_keys_are_deleted_at_the_end()
    {
        var first = await TestRedis.CreateAsync(RealRedisContractTests.Url);
        await using var second = await TestRedis.CreateAsync(RealRedisContractTests.Url);
        await first.Store.Cache.SetAsync("shared-name", "first", TimeSpan.FromMinutes(5));
        await first.Store.CreateRateLimiter(RateLimitPolicy.FixedWindow(5, TimeSpan.FromMinutes(5))).ConsumeAsync("k");

        Assert.False((await second.Store.Cache.TryGetAsync<string>("shared-name")).Found);
        var keys = await first.KeysAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith(first.Prefix, k, StringComparison.Ordinal));

        await first.DisposeAsync();

        await using var look = RedisStore.Open(RealRedisContractTests.Url);
        foreach (var key in keys) Assert.False(await look.Connection.GetDatabase().KeyExistsAsync(key));
    }

    [Fact]
    public void Redis_glob_patterns_match_as_Redis_matches_them()
    {
        Assert.True(RedisGlob.IsMatch("user:*", "user:42"));
        Assert.True(RedisGlob.IsMatch("h?llo", "hello"));
        Assert.True(RedisGlob.IsMatch("h[ae]llo", "hallo"));
        Assert.False(RedisGlob.IsMatch("h[^e]llo", "hello"));
        Assert.True(RedisGlob.IsMatch("h[a-c]llo", "hbllo"));
        Assert.True(RedisGlob.IsMatch(@"a\*b", "a*b"));
        Assert.False(RedisGlob.IsMatch(@"a\*b", "axb"));
        Assert.False(RedisGlob.IsMatch("user:*", "users"));
    }
}
