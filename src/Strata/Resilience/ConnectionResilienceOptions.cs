using Strata.Resilience;
namespace Strata;

/// <summary>
/// How opening a connection survives faults: transient failures are retried with exponential backoff and jitter, within a
/// total time; repeated failures open a circuit breaker, after which calls fail at once with
/// <see cref="DatabaseUnavailableException"/> until a probe finds the database answering again.
/// </summary>
/// <remarks>
/// Only failures to reach the server count (refused or dropped connections, a server starting up or shutting down); a
/// refused login or a missing database is reported at once and never retried. Set on <see cref="DatabaseOptions.Resilience"/>.
/// </remarks>
public sealed record ConnectionResilienceOptions
{
    /// <summary>The defaults: 3 retries from 100 ms up to 2 s within 15 s; the breaker opens for 5 s when half of at least 5 opens within 2 s failed.</summary>
    public static ConnectionResilienceOptions Default { get; } = new();

    /// <summary>No retries and no breaker: every open is tried once.</summary>
    public static ConnectionResilienceOptions None { get; } = new() { OpenRetries = 0, CircuitBreaker = false };

    /// <summary>How many times a failed open is tried again (0 for none).</summary>
    public int OpenRetries { get; init; } = 3;

    /// <summary>The first retry's delay; each later one doubles it, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long opening may take in all, attempts and delays together; the open then fails with the last error.</summary>
    public TimeSpan MaxOpenTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether the database has a circuit breaker.</summary>
    public bool CircuitBreaker { get; init; } = true;

    /// <summary>The share of failed opens (0–1] within <see cref="SamplingDuration"/> that opens the breaker.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>How many opens must have been tried within <see cref="SamplingDuration"/> before the breaker may open.</summary>
    public int MinimumThroughput { get; init; } = 5;

    /// <summary>
    /// The window over which failures are counted. Keep it short: every open counts, including the cheap ones a pool
    /// serves, so under load a long window holds enough earlier successes to keep the breaker closed well into an outage.
    /// </summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the breaker stays open before letting a probe through.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the values, naming the first one out of range.</summary>
    /// <exception cref="DatabaseConfigurationException">A value is out of range.</exception>
    public void Validate()
    {
        static DatabaseConfigurationException Bad(string name, object value, string rule) =>
            new($"Resilience.{name} ({value}) {rule}.");
        if (OpenRetries is < 0 or > 100) throw Bad(nameof(OpenRetries), OpenRetries, "must be between 0 and 100");
        if (RetryDelay < TimeSpan.Zero) throw Bad(nameof(RetryDelay), RetryDelay, "must not be negative");
        if (MaxRetryDelay < RetryDelay) throw Bad(nameof(MaxRetryDelay), MaxRetryDelay, $"must be at least RetryDelay ({RetryDelay})");
        if (MaxOpenTime <= TimeSpan.Zero) throw Bad(nameof(MaxOpenTime), MaxOpenTime, "must be positive");
        if (!CircuitBreaker) return;
        if (FailureRatio is <= 0 or > 1) throw Bad(nameof(FailureRatio), FailureRatio, "must be more than 0 and at most 1");
        if (MinimumThroughput < 2) throw Bad(nameof(MinimumThroughput), MinimumThroughput, "must be at least 2");
        if (SamplingDuration < TimeSpan.FromMilliseconds(500)) throw Bad(nameof(SamplingDuration), SamplingDuration, "must be at least 0.5 s");
        if (BreakDuration < TimeSpan.FromMilliseconds(500)) throw Bad(nameof(BreakDuration), BreakDuration, "must be at least 0.5 s");
    }
}

/// <summary>The state of a database's circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Calls go through (also when the database has no breaker).</summary>
    Closed,

    /// <summary>Calls fail at once with <see cref="DatabaseUnavailableException"/>.</summary>
    Open,

    /// <summary>The break is over: the next open is a probe that closes the breaker when it succeeds.</summary>
    HalfOpen,
}
