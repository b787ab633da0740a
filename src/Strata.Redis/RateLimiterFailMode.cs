namespace Strata.Redis;

/// <summary>What a <see cref="RedisRateLimiter"/> decides when Redis does not answer within <see cref="RedisRateLimiterOptions.FailTimeout"/>.</summary>
public enum RateLimiterFailMode
{
    /// <summary>Let the request through (availability first).</summary>
    Allow,

    /// <summary>Refuse the request (protection first).</summary>
    Deny,

    /// <summary>Decide with an in-process limiter of the same policy per key (each instance limits on its own until Redis is back).</summary>
    Local,
}
