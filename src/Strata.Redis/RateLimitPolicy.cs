namespace Strata.Redis;

/// <summary>How a <see cref="RedisRateLimiter"/> counts: <see cref="FixedWindow"/>, <see cref="SlidingWindow"/> or <see cref="TokenBucket"/>.</summary>
/// <remarks>Windows follow the Redis server's clock, so every instance shares them.</remarks>
public abstract record RateLimitPolicy
{
    private protected RateLimitPolicy() { }

    /// <summary>At most <paramref name="limit"/> permits per window of <paramref name="window"/>, windows aligned on the server's clock (a minute window starts on the minute).</summary>
    /// <param name="limit">Permits per window (1 or more).</param>
    /// <param name="window">The window's length (1 ms to 1 day).</param>
    public static RateLimitPolicy FixedWindow(int limit, TimeSpan window) => new FixedWindowPolicy(limit, window).Checked();

    /// <summary>At most <paramref name="limit"/> permits in any span of <paramref name="window"/> (an exact log of the permits given in the last window).</summary>
    /// <param name="limit">Permits per window (1 to 100,000).</param>
    /// <param name="window">The window's length.</param>
    public static RateLimitPolicy SlidingWindow(int limit, TimeSpan window) => new SlidingWindowPolicy(limit, window).Checked();

    /// <summary>A bucket of <paramref name="capacity"/> tokens, refilled with <paramref name="tokensPerPeriod"/> every <paramref name="period"/> (continuously).</summary>
    /// <param name="capacity">The most tokens the bucket holds (the burst).</param>
    /// <param name="tokensPerPeriod">Tokens added per period.</param>
    /// <param name="period">The refill period.</param>
    public static RateLimitPolicy TokenBucket(int capacity, int tokensPerPeriod, TimeSpan period) => new TokenBucketPolicy(capacity, tokensPerPeriod, period).Checked();

    /// <summary>The most permits one decision can grant.</summary>
    public abstract int Limit { get; }

    /// <summary>The policy's name in metrics: <c>fixed_window</c>, <c>sliding_window</c> or <c>token_bucket</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How long the limiter's state lasts at most (the key's time to live).</summary>
    internal abstract TimeSpan Span { get; }

    internal abstract string Script { get; }

    internal abstract StackExchange.Redis.RedisValue[] Arguments(int permits);

    internal abstract System.Threading.RateLimiting.RateLimiter CreateLocal();

    private protected RateLimitPolicy Checked()
    {
        static DatabaseConfigurationException Bad(string name, object value, string rule) => new($"Rate limit {name} ({value}) {rule}.");
        if (Limit < 1) throw Bad("limit", Limit, "must be at least 1");
        if (this is SlidingWindowPolicy && Limit > 100_000) throw Bad("limit", Limit, "must be at most 100,000 for a sliding window, which logs each permit; use a fixed window or token bucket");
        if (Span < TimeSpan.FromMilliseconds(1) || Span > TimeSpan.FromDays(1)) throw Bad("window", Span, "must be from 1 ms to 1 day");
        if (this is TokenBucketPolicy { TokensPerPeriod: < 1 } bucket) throw Bad("tokensPerPeriod", bucket.TokensPerPeriod, "must be at least 1");
        return this;
    }
}
