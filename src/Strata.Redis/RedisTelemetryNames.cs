namespace Strata.Redis;

/// <summary>
/// The instruments and attributes the Redis package records on the <c>Strata</c> meter and activity source (beside
/// <see cref="Diagnostics.TelemetryNames"/>'s): commands use OpenTelemetry's database conventions with <c>db.system.name</c> = <c>redis</c>.
/// </summary>
public static class RedisTelemetryNames
{
    /// <summary><c>strata.cache.hits</c> (counter): reads answered from the cache, with <see cref="CacheName"/>.</summary>
    public const string CacheHits = "strata.cache.hits";

    /// <summary><c>strata.cache.misses</c> (counter): reads the cache could not answer, with <see cref="CacheName"/>.</summary>
    public const string CacheMisses = "strata.cache.misses";

    /// <summary><c>strata.cache.factory_calls</c> (counter): factories (or queries) run to fill the cache, with <see cref="CacheName"/>.</summary>
    public const string CacheFactoryCalls = "strata.cache.factory_calls";

    /// <summary><c>strata.rate_limiter.decisions</c> (counter): decisions, with <see cref="RateLimiterOutcome"/> and <see cref="RateLimiterPolicy"/>.</summary>
    public const string RateLimiterDecisions = "strata.rate_limiter.decisions";

    /// <summary><c>strata.rate_limiter.fallbacks</c> (counter): decisions made by the fail mode because Redis could not answer in time, with <see cref="RateLimiterFailMode"/>.</summary>
    public const string RateLimiterFallbacks = "strata.rate_limiter.fallbacks";

    /// <summary><c>strata.cache.name</c>: <c>cache</c> or <c>query</c>.</summary>
    public const string CacheName = "strata.cache.name";

    /// <summary><c>strata.rate_limiter.outcome</c>: <c>allowed</c> or <c>denied</c>.</summary>
    public const string RateLimiterOutcome = "strata.rate_limiter.outcome";

    /// <summary><c>strata.rate_limiter.policy</c>: <c>fixed_window</c>, <c>sliding_window</c> or <c>token_bucket</c>.</summary>
    public const string RateLimiterPolicy = "strata.rate_limiter.policy";

    /// <summary><c>strata.rate_limiter.fail_mode</c>: <c>allow</c>, <c>deny</c> or <c>local</c>.</summary>
    public const string RateLimiterFailMode = "strata.rate_limiter.fail_mode";
}
