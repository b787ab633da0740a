using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using Strata.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Strata.Benchmarks;

/// <summary>A cache hit served from memory: Strata's RememberAsync against FusionCache's GetOrSetAsync used directly (same options).</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet needs the class unsealed; GlobalCleanup disposes the cache.")]
public class RedisCacheMemoryHit
{
    private RedisStore _store = null!;
    private FusionCache _fusion = null!;
    private FusionCacheEntryOptions _options = null!;
    private static readonly Func<CancellationToken, Task<int>> Factory = _ => Task.FromResult(42);

    [GlobalSetup]
    public async Task SetUp()
    {
        _store = RedisStore.Open($"redis://127.0.0.1:6379?prefix=bench:{Guid.NewGuid():N}:");
        _fusion = new FusionCache(new FusionCacheOptions { CacheName = "bench" });
        _options = new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(10), IsFailSafeEnabled = true, FailSafeMaxDuration = TimeSpan.FromHours(1) };
        await _store.Cache.RememberAsync("k", TimeSpan.FromMinutes(10), Factory);
        await _fusion.GetOrSetAsync<int>("k", (_, ct) => Factory(ct), _options);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> FusionCacheDirect() => await _fusion.GetOrSetAsync<int>("k", (_, ct) => Factory(ct), _options);

    [Benchmark]
    public Task<int> Strata() => _store.Cache.RememberAsync("k", TimeSpan.FromMinutes(10), Factory);

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _store.Cache.FlushAsync();
        await _store.DisposeAsync();
        _fusion.Dispose();
    }
}

/// <summary>
/// A cache hit served from Redis: Strata's GetAsync on a store whose memory level keeps nothing (MemoryTtl of one tick), so every
/// read goes to Redis, against a raw StackExchange.Redis GET of the same object's JSON and its deserialization.
/// </summary>
[MemoryDiagnoser]
public class RedisCacheRedisHit
{
    public sealed record Profile(long Id, string Name, string Email, int Age);

    private static readonly Profile Value = new(42, "Ada Lovelace", "ada@example.com", 36);
    private RedisStore _store = null!;
    private StackExchange.Redis.IDatabase _db = null!;
    private RedisKey _rawKey;

    [GlobalSetup]
    public async Task SetUp()
    {
        var prefix = $"bench:{Guid.NewGuid():N}:";
        var options = RedisOptions.Parse($"redis://127.0.0.1:6379?prefix={prefix}");
        _store = RedisStore.Open(options with { Cache = options.Cache with { MemoryTtl = TimeSpan.FromTicks(1) } });
        await _store.Cache.SetAsync("k", Value, TimeSpan.FromMinutes(10));
        _db = _store.Connection.GetDatabase();
        _rawKey = prefix + "raw";
        await _db.StringSetAsync(_rawKey, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Value), TimeSpan.FromMinutes(10));
    }

    [Benchmark(Baseline = true)]
    public async Task<Profile?> RawGet()
    {
        var bytes = (byte[]?)await _db.StringGetAsync(_rawKey);
        return System.Text.Json.JsonSerializer.Deserialize<Profile>(bytes);
    }

    [Benchmark]
    public Task<Profile?> Strata() => _store.Cache.GetAsync<Profile>("k");

    // The same read through the store's FusionCache instance without Strata's wrapper: what the cache library itself costs.
    [Benchmark]
    public async Task<Profile?> FusionCacheUnderneath() => await _store.Cache.Fusion.GetOrDefaultAsync<Profile>("k");

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _store.Cache.FlushAsync();
        await _db.KeyDeleteAsync(_rawKey);
        await _store.DisposeAsync();
    }
}

/// <summary>One rate-limiter decision: Strata's ConsumeAsync against the same Lua script sent through StackExchange.Redis.</summary>
[MemoryDiagnoser]
public class RedisRateLimiterDecision
{
    private RedisStore _store = null!;
    private RedisRateLimiter _limiter = null!;
    private StackExchange.Redis.IDatabase _db = null!;
    private RedisKey[] _keys = null!;
    private RedisValue[] _args = null!;
    private string _script = null!;

    [GlobalSetup]
    public void SetUp()
    {
        var prefix = $"bench:{Guid.NewGuid():N}:";
        _store = RedisStore.Open($"redis://127.0.0.1:6379?prefix={prefix}");
        var policy = RateLimitPolicy.FixedWindow(int.MaxValue, TimeSpan.FromDays(1));
        _limiter = _store.CreateRateLimiter(policy);
        _db = _store.Connection.GetDatabase();
        _keys = [prefix + "raw:{k}"];
        _args = [int.MaxValue, (long)TimeSpan.FromDays(1).TotalMilliseconds, 1];
        _script = (string)typeof(RateLimitPolicy).GetProperty("Script", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(policy)!;
    }

    [Benchmark(Baseline = true)]
    public async Task<long> RawScript() => (long)((RedisResult[])(await _db.ScriptEvaluateAsync(_script, _keys, _args))!)[0];

    [Benchmark]
    public async Task<bool> Strata() => (await _limiter.ConsumeAsync("k")).Allowed;

    [GlobalCleanup]
    public async Task CleanUp()
    {
        await _limiter.ResetAsync("k");
        await _db.KeyDeleteAsync(_keys[0]);
        await _store.DisposeAsync();
    }
}
