namespace Strata.Redis;

/// <summary>What a <see cref="RedisRateLimiter"/> decided.</summary>
/// <param name="Allowed">True when the permits were granted (for a check: when one would be).</param>
/// <param name="Limit">The policy's limit (window limit or bucket capacity).</param>
/// <param name="Remaining">Permits left in the window (tokens in the bucket) after this decision.</param>
/// <param name="ResetAt">When the window ends (the bucket is full again), by the server's clock.</param>
/// <param name="RetryAfter">When denied, how long until the permits could be granted; zero when allowed.</param>
/// <param name="FromFailMode">True when Redis did not answer and the fail mode decided.</param>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter, bool FromFailMode = false);
