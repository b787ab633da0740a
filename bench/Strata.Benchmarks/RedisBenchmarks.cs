using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using Strata.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Strata.Benchmarks;

/// <summary>A cache hit served from memory: Strata's RememberAsync against FusionCache's GetOrSetAsync used directly (same options).</summary>
[MemoryDiagnoser]
public sealed class RedisCacheMemoryHit : IDisposable
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
    }

    public void Dispose() => _fusion.Dispose();
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
