namespace Strata.Redis;

/// <summary>How a <see cref="RedisRateLimiter"/> names its keys and behaves when Redis cannot answer.</summary>
/// <remarks>Immutable: change a copy with <c>with</c>.</remarks>
public sealed record RedisRateLimiterOptions
{
    /// <summary>The defaults: keys under <c>rl:</c>, fail mode <see cref="RateLimiterFailMode.Local"/> after 250 ms.</summary>
    public static RedisRateLimiterOptions Default { get; } = new();

    /// <summary>Put after the store's prefix in front of the limiter's keys (<c>rl:</c>); limiters with different policies need different prefixes.</summary>
    public string Prefix { get; init; } = "rl:";

    /// <summary>What to decide when Redis does not answer in time (<see cref="RateLimiterFailMode.Local"/>).</summary>
    public RateLimiterFailMode FailMode { get; init; } = RateLimiterFailMode.Local;

    /// <summary>How long a decision waits for Redis before the fail mode decides (250 ms).</summary>
    public TimeSpan FailTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Checks the values, naming the first one out of range.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is out of range.</exception>
    public void Validate()
    {
        RedisOptions.CheckPrefix(Prefix);
        if (FailTimeout <= TimeSpan.Zero) throw new DatabaseConfigurationException($"Rate limiter FailTimeout ({FailTimeout}) must be positive.");
        if (!Enum.IsDefined(FailMode)) throw new DatabaseConfigurationException($"Rate limiter FailMode ({FailMode}) must be Allow, Deny or Local.");
    }
}
