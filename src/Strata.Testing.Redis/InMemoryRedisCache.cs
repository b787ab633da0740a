using System.Collections.Concurrent;
using Strata.Redis;

namespace Strata.Testing;

/// <summary>
/// An in-memory <see cref="IRedisCache"/> for unit tests: values with a time to live on a <see cref="TimeProvider"/> (so a test
/// can move time), tags, and the same argument checks as <see cref="CacheStore"/>. Values are copied through the JSON serializer,
/// as Redis stores them, so a value that Redis could not hold fails here too.
/// </summary>
/// <remarks>Thread-safe. Concurrent misses of one key may each call the factory (CacheStore shares one call per process).</remarks>
public sealed class InMemoryRedisCache(TimeProvider? timeProvider = null, IRedisSerializer? serializer = null) : IRedisCache
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly IRedisSerializer _serializer = serializer ?? JsonRedisSerializer.Default;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<T> RememberAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T>> factory, IReadOnlyCollection<string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        CheckTtl(ttl);
        var (found, value) = await TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        if (found) return value!;
        var made = await factory(cancellationToken).ConfigureAwait(false);
        await SetAsync(key, made, ttl, tags, cancellationToken).ConfigureAwait(false);
        return made;
    }

    /// <inheritdoc />
    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var (found, value) = await TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return found ? value : default;
    }

    /// <inheritdoc />
    public Task<(bool Found, T? Value)> TryGetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key, nameof(key));
        if (!_entries.TryGetValue(key, out var entry)) return Task.FromResult<(bool, T?)>((false, default));
        if (entry.ExpiresAt <= _time.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return Task.FromResult<(bool, T?)>((false, default));
        }
        return Task.FromResult<(bool, T?)>((true, _serializer.Deserialize<T>(entry.Payload)));
    }

    /// <inheritdoc />
    public Task SetAsync<T>(string key, T value, TimeSpan ttl, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default)
    {
        CheckKey(key, nameof(key));
        CheckTtl(ttl);
        foreach (var tag in tags ?? []) CheckKey(tag, nameof(tags));
        _entries[key] = new Entry(_serializer.Serialize(value), _time.GetUtcNow() + ttl, tags?.ToArray() ?? []);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        CheckKey(key, nameof(key));
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        CheckKey(tag, nameof(tag));
        foreach (var (key, entry) in _entries)
        {
            if (entry.Tags.Contains(tag, StringComparer.Ordinal)) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        return Task.CompletedTask;
    }

    private static void CheckKey(string key, string name)
    {
        ArgumentNullException.ThrowIfNull(key, name);
        if (key.Length == 0 || key.Length > CacheStore.MaxKeyLength)
            throw new ArgumentException($"A cache {name} must have 1 to {CacheStore.MaxKeyLength} characters; this one has {key.Length}.", name);
    }

    private static void CheckTtl(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A time to live must be positive.");
    }

    private sealed record Entry(byte[] Payload, DateTimeOffset ExpiresAt, string[] Tags);
}
