using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// The second level under FusionCache: plain strings on the store's connection (<c>GET</c>, <c>SET … PX</c>, <c>DEL</c>), keyed
/// by what FusionCache gives, which already carries the store's prefix. No sliding expiration: FusionCache does not use it.
/// </summary>
/// <remarks>
/// <see cref="RedisCacheOptions.RedisTimeout"/> is applied here rather than through FusionCache's distributed-cache timeouts, which
/// run every read on another thread to time it: a timeout here costs a timer, not a thread hop per read.
/// </remarks>
internal sealed class RedisDistributedCache(RedisStore store) : IDistributedCache
{
    public byte[]? Get(string key) => store.Db.StringGet(key);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        await store.Db.StringGetAsync(key).WaitAsync(store.Options.Cache.RedisTimeout, token).ConfigureAwait(false);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        store.Db.StringSet(key, value, Expiry(options), When.Always);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        store.Db.StringSetAsync(key, value, Expiry(options), When.Always).WaitAsync(store.Options.Cache.RedisTimeout, token);

    public void Refresh(string key) { }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => store.Db.KeyDelete(key);

    public Task RemoveAsync(string key, CancellationToken token = default) => store.Db.KeyDeleteAsync(key).WaitAsync(store.Options.Cache.RedisTimeout, token);

    private static TimeSpan? Expiry(DistributedCacheEntryOptions options)
    {
        if (options.AbsoluteExpirationRelativeToNow is { } relative) return relative;
        if (options.AbsoluteExpiration is { } absolute) return absolute - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
        return options.SlidingExpiration;
    }
}
