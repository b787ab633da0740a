using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Locking.Distributed.Redis;

namespace Strata.Redis;

/// <summary>
/// A two-level cache: process memory in front of Redis, kept coherent across instances by a Redis backplane (pub/sub), with
/// one factory call per cold key per process (or per deployment with <see cref="RedisCacheOptions.DistributedLock"/>),
/// fail-safe (the last value is served when a refresh fails) and tags. Built on FusionCache; values are serialized with
/// <see cref="RedisOptions.Serializer"/> (System.Text.Json by default).
/// </summary>
/// <remarks>
/// Thread-safe. Keys are at most <see cref="MaxKeyLength"/> characters; in Redis they are stored under
/// <c>{prefix}c:{key}</c>. A value in memory is the same instance for every reader: do not change it after storing it.
/// </remarks>
public sealed class CacheStore : IDisposable
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 1024;

    private readonly RedisStore _store;
    private readonly FusionCache _cache;
    private readonly ConcurrentDictionary<TimeSpan, FusionCacheEntryOptions> _entryOptions = new();
    private readonly string _name;
    private readonly FusionCacheEntryOptions _memoryOnly;

    internal CacheStore(RedisStore store, string name = "cache", string section = "c:")
    {
        _store = store;
        _name = name;
        var options = store.Options;
        var settings = options.Cache;
        var entry = new FusionCacheEntryOptions
        {
            Duration = TimeSpan.FromMinutes(5),
            IsFailSafeEnabled = settings.FailSafeMaxDuration > TimeSpan.Zero,
            FailSafeMaxDuration = settings.FailSafeMaxDuration > TimeSpan.Zero ? settings.FailSafeMaxDuration : TimeSpan.FromSeconds(1),
            FailSafeThrottleDuration = settings.FailSafeThrottleDuration,
            MemoryCacheDuration = settings.MemoryTtl,
            ReThrowSerializationExceptions = true,
            DistributedLockTimeout = settings.DistributedLockTimeout,
        };
        var fusion = new FusionCacheOptions
        {
            CacheName = "strata-" + (options.KeyPrefix.Length == 0 ? "default" : options.KeyPrefix) + "-" + name,
            CacheKeyPrefix = options.KeyPrefix + section,
            DistributedCacheKeyModifierMode = CacheKeyModifierMode.None,
            BackplaneChannelPrefix = options.KeyPrefix + section,
            DistributedCacheCircuitBreakerDuration = settings.RedisBreakDuration,
            BackplaneCircuitBreakerDuration = settings.RedisBreakDuration,
            WaitForInitialBackplaneSubscribe = true,
            DefaultEntryOptions = entry,
            // Strata reports its own failures; FusionCache's routine notes about an unreachable Redis are noise at warning level.
            DistributedCacheErrorsLogLevel = LogLevel.Debug,
            BackplaneErrorsLogLevel = LogLevel.Debug,
            SerializationErrorsLogLevel = LogLevel.Warning,
        };
        _memoryOnly = entry.Duplicate().SetSkipDistributedCache(true, true);
        var loggerFactory = options.LoggerFactory;
        _cache = new FusionCache(fusion, memoryCache: null, logger: loggerFactory?.CreateLogger<FusionCache>());
        var shared = SharedConnection.For(store.Connection);
        _cache.SetupDistributedCache(new RedisDistributedCache(store), new FusionSerializer(options.Serializer));
        _cache.SetupBackplane(new RedisBackplane(Options.Create(new RedisBackplaneOptions { ConnectionMultiplexerFactory = () => Task.FromResult(shared) }),
            loggerFactory?.CreateLogger<RedisBackplane>()));
        if (settings.DistributedLock)
        {
            _cache.SetupDistributedLocker(new RedisDistributedLocker(Options.Create(new RedisDistributedLockerOptions { ConnectionMultiplexerFactory = () => Task.FromResult(shared) }),
                loggerFactory?.CreateLogger<RedisDistributedLocker>()));
        }
    }

    /// <summary>The FusionCache underneath, for what this API does not cover (its events, plugins, adaptive caching).</summary>
    public IFusionCache Fusion => _cache;

    /// <summary>
    /// The value under <paramref name="key"/>, or what <paramref name="factory"/> returns, stored for <paramref name="ttl"/>.
    /// Concurrent callers of a cold key in one process share one factory call; with <see cref="RedisCacheOptions.DistributedLock"/>
    /// one call in the whole deployment. When the factory throws (or times out) and an expired value is still within
    /// <see cref="RedisCacheOptions.FailSafeMaxDuration"/>, that value is returned instead.
    /// </summary>
    /// <param name="key">The key: 1 to <see cref="MaxKeyLength"/> characters.</param>
    /// <param name="ttl">How long the value is fresh: positive.</param>
    /// <param name="factory">Makes the value on a miss.</param>
    /// <param name="tags">Tags to invalidate it by (<see cref="InvalidateTagAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the wait (the factory gets it too).</param>
    /// <exception cref="ArgumentException">An empty or oversized key or tag.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero or negative.</exception>
    /// <exception cref="RedisSerializationException">The value cannot be serialized.</exception>
    public Task<T> RememberAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T>> factory, IReadOnlyCollection<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        CheckTtl(ttl);
        ArgumentNullException.ThrowIfNull(factory);
        CheckTags(tags);
        // A fresh value in memory answers without the factory's closure or an async frame: the hit most calls are.
        var memory = _cache.TryGetAsync<T>(key, _memoryOnly, cancellationToken);
        if (memory.IsCompletedSuccessfully && memory.Result is { HasValue: true } hit)
        {
            RedisTelemetry.CacheRead(_name, hit: true);
            return Task.FromResult(hit.Value);
        }
        return RememberCoreAsync(key, ttl, factory, tags, cancellationToken);
    }

    private async Task<T> RememberCoreAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T>> factory, IReadOnlyCollection<string>? tags,
        CancellationToken cancellationToken)
    {
        var called = false;
        var value = await Translate(_cache.GetOrSetAsync<T>(key, async (_, ct) =>
        {
            called = true;
            RedisTelemetry.FactoryCalled(_name);
            return await factory(ct).ConfigureAwait(false);
        }, default, EntryOptions(ttl), tags, cancellationToken), "RememberAsync").ConfigureAwait(false);
        RedisTelemetry.CacheRead(_name, hit: !called);
        return value;
    }

    /// <summary>
    /// <see cref="RememberAsync{T}(string, TimeSpan, Func{CancellationToken, Task{T}}, IReadOnlyCollection{string}?, CancellationToken)"/>
    /// with a factory that takes no token.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long the value is fresh.</param>
    /// <param name="factory">Makes the value on a miss.</param>
    /// <param name="tags">Tags to invalidate it by.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<T> RememberAsync<T>(string key, TimeSpan ttl, Func<Task<T>> factory, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return RememberAsync(key, ttl, _ => factory(), tags, cancellationToken);
    }

    /// <summary>The value under <paramref name="key"/>, or default when there is none (use <see cref="TryGetAsync{T}"/> to tell a stored default from none).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var (found, value) = await TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return found ? value : default;
    }

    /// <summary>Whether <paramref name="key"/> holds a value, and the value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    public async Task<(bool Found, T? Value)> TryGetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        var maybe = await Translate(_cache.TryGetAsync<T>(key, null, cancellationToken), "GetAsync").ConfigureAwait(false);
        RedisTelemetry.CacheRead(_name, maybe.HasValue);
        return maybe.HasValue ? (true, maybe.Value) : (false, default);
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="ttl"/>, in memory, in Redis and (by the backplane) out of other instances' memory.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long it is fresh: positive.</param>
    /// <param name="tags">Tags to invalidate it by.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key or tag.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero or negative.</exception>
    /// <exception cref="RedisSerializationException">The value cannot be serialized.</exception>
    public Task SetAsync<T>(string key, T value, TimeSpan ttl, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        CheckTtl(ttl);
        CheckTags(tags);
        return Translate(_cache.SetAsync(key, value, EntryOptions(ttl), tags, cancellationToken), "SetAsync");
    }

    /// <summary>Removes <paramref name="key"/> here, in Redis and from other instances' memory.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    public Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key);
        return Translate(_cache.RemoveAsync(key, null, cancellationToken), "ForgetAsync");
    }

    /// <summary>Expires every entry carrying <paramref name="tag"/>, here and in every instance.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized tag.</exception>
    public Task InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        CheckKey(tag, nameof(tag));
        return Translate(_cache.RemoveByTagAsync(tag, null, cancellationToken), "InvalidateTagAsync");
    }

    /// <summary>
    /// Deletes every entry of this store's prefix: its Redis keys, found with <c>SCAN</c> in batches on every primary (never
    /// <c>KEYS</c> or <c>FLUSHDB</c>), and the memory level here and, through the backplane, in other instances.
    /// </summary>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>How many Redis keys were deleted.</returns>
    /// <exception cref="RedisConnectionFailureException">A primary could not be reached.</exception>
    public async Task<long> FlushAsync(CancellationToken cancellationToken = default)
    {
        var deleted = await KeyScan.DeleteAsync(_store, _store.Options.KeyPrefix + "c:*", "FlushAsync", cancellationToken).ConfigureAwait(false);
        await Translate(_cache.ClearAsync(allowFailSafe: false, null, cancellationToken), "FlushAsync").ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Stops the backplane subscription and frees the memory level (the store's connection stays open).</summary>
    public void Dispose() => _cache.Dispose();

    internal FusionCacheEntryOptions EntryOptions(TimeSpan ttl) =>
        _entryOptions.TryGetValue(ttl, out var options) ? options
            : _entryOptions.Count > 256 ? _cache.DefaultEntryOptions.Duplicate(ttl)
            : _entryOptions.GetOrAdd(ttl, t => _cache.DefaultEntryOptions.Duplicate(t));

    internal FusionCache Inner => _cache;

    internal static void CheckKey(string key, string name = "key")
    {
        ArgumentNullException.ThrowIfNull(key, name);
        if (key.Length == 0) throw new ArgumentException("A cache key must not be empty: give each value a name such as \"user:42\".", name);
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"A cache {name} of {key.Length} characters is longer than {MaxKeyLength}: hash long inputs (SHA-256) into the key instead.", name);
    }

    internal static void CheckTtl(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A time to live must be positive, such as TimeSpan.FromMinutes(5); use ForgetAsync to remove a value.");
    }

    private static void CheckTags(IReadOnlyCollection<string>? tags)
    {
        if (tags is null) return;
        foreach (var tag in tags) CheckKey(tag, "tag");
    }

    private async Task Translate(ValueTask task, string operation)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (RedisErrors.IsRedisError(e) || e.InnerException is RedisSerializationException)
        {
            throw Unwrap(e, operation);
        }
    }

    private async Task<T> Translate<T>(ValueTask<T> task, string operation)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (RedisErrors.IsRedisError(e) || e.InnerException is RedisSerializationException)
        {
            throw Unwrap(e, operation);
        }
    }

    private Exception Unwrap(Exception e, string operation) =>
        e.InnerException is RedisSerializationException serialization ? serialization : RedisErrors.Translate(e, operation, _store.Options.Where);
}
