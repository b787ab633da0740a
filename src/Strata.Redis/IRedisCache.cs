namespace Strata.Redis;

/// <summary>
/// A cache of values with a time to live, as <see cref="CacheStore"/> keeps it in memory and Redis; code that takes this
/// interface can be given an in-memory implementation in unit tests (Strata.Testing.Redis).
/// </summary>
public interface IRedisCache
{
    /// <summary>The value under <paramref name="key"/>, or what <paramref name="factory"/> returns, stored for <paramref name="ttl"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long the value is fresh: positive.</param>
    /// <param name="factory">Makes the value on a miss.</param>
    /// <param name="tags">Tags to invalidate it by.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero or negative.</exception>
    Task<T> RememberAsync<T>(string key, TimeSpan ttl, Func<CancellationToken, Task<T>> factory, IReadOnlyCollection<string>? tags = null,
        CancellationToken cancellationToken = default);

    /// <summary>The value under <paramref name="key"/>, or default when there is none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="key"/> holds a value, and the value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<(bool Found, T? Value)> TryGetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="ttl"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long it is fresh: positive.</param>
    /// <param name="tags">Tags to invalidate it by.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero or negative.</exception>
    Task SetAsync<T>(string key, T value, TimeSpan ttl, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task ForgetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Expires every entry carrying <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task InvalidateTagAsync(string tag, CancellationToken cancellationToken = default);
}
