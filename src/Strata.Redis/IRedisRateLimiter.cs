namespace Strata.Redis;

/// <summary>
/// A rate limiter by key, as <see cref="RedisRateLimiter"/> decides it on Redis; code that takes this interface can be given
/// an in-memory implementation in unit tests (Strata.Testing.Redis).
/// </summary>
public interface IRedisRateLimiter
{
    /// <summary>The policy it applies.</summary>
    RateLimitPolicy Policy { get; }

    /// <summary>Whether one permit for <paramref name="key"/> would be granted now, without taking it.</summary>
    /// <param name="key">What is limited.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<RateLimitDecision> CheckAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Takes <paramref name="permits"/> for <paramref name="key"/> when the policy allows them all; otherwise takes none.</summary>
    /// <param name="key">What is limited.</param>
    /// <param name="permits">How many (1 to the policy's limit).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permits"/> is below 1 or above the limit.</exception>
    Task<RateLimitDecision> ConsumeAsync(string key, int permits = 1, CancellationToken cancellationToken = default);

    /// <summary>Forgets what was counted for <paramref name="key"/>: its next request starts afresh.</summary>
    /// <param name="key">What is limited.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task ResetAsync(string key, CancellationToken cancellationToken = default);
}
