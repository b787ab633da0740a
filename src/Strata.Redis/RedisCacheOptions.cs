namespace Strata.Redis;

/// <summary>How the cache (<see cref="RedisStore.Cache"/>) and the query-result cache behave: memory level, fail-safe, locking.</summary>
/// <remarks>Immutable: change a copy with <c>with</c>. Set on <see cref="RedisOptions.Cache"/>.</remarks>
public sealed record RedisCacheOptions
{
    /// <summary>The defaults: each value explained on its property.</summary>
    public static RedisCacheOptions Default { get; } = new();

    /// <summary>
    /// How long an entry stays in process memory (the first level) at most; Redis keeps it for its full time to live. Null
    /// (the default) keeps it in memory as long as in Redis: other instances' changes reach it through the backplane.
    /// </summary>
    public TimeSpan? MemoryTtl { get; init; }

    /// <summary>
    /// How long past its time to live an entry is kept to be served when refreshing it fails (the factory throws, Redis is
    /// down): 1 hour. <see cref="TimeSpan.Zero"/> turns fail-safe off, so such failures reach the caller.
    /// </summary>
    public TimeSpan FailSafeMaxDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>After a failed refresh served a stale value, how long that value is used before the factory is tried again: 30 s.</summary>
    public TimeSpan FailSafeThrottleDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True to take a Redis lock around a cold key's factory, so that one instance in the whole deployment runs it (the others
    /// wait up to <see cref="DistributedLockTimeout"/>, then run it themselves). False (the default): one call per key per process.
    /// </summary>
    public bool DistributedLock { get; init; }

    /// <summary>How long an instance waits for another instance's lock on a cold key before running the factory itself: 5 s.</summary>
    public TimeSpan DistributedLockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a Redis read or write of the cache may take before the cache goes on without it (served from memory or the factory): 1 s.</summary>
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After a Redis failure, how long the cache skips Redis before trying again: 2 s (<see cref="TimeSpan.Zero"/> to try every time).</summary>
    public TimeSpan RedisBreakDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the values, naming the first one out of range.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is out of range.</exception>
    public void Validate()
    {
        static DatabaseConfigurationException Bad(string name, object? value, string rule) => new($"Redis Cache.{name} ({value}) {rule}.");
        if (MemoryTtl is { } memory && memory <= TimeSpan.Zero) throw Bad(nameof(MemoryTtl), memory, "must be positive, or null to follow each entry's time to live");
        if (FailSafeMaxDuration < TimeSpan.Zero) throw Bad(nameof(FailSafeMaxDuration), FailSafeMaxDuration, "must not be negative (zero turns fail-safe off)");
        if (FailSafeThrottleDuration <= TimeSpan.Zero) throw Bad(nameof(FailSafeThrottleDuration), FailSafeThrottleDuration, "must be positive");
        if (DistributedLockTimeout <= TimeSpan.Zero) throw Bad(nameof(DistributedLockTimeout), DistributedLockTimeout, "must be positive");
        if (RedisTimeout <= TimeSpan.Zero) throw Bad(nameof(RedisTimeout), RedisTimeout, "must be positive");
        if (RedisBreakDuration < TimeSpan.Zero) throw Bad(nameof(RedisBreakDuration), RedisBreakDuration, "must not be negative");
    }
}
