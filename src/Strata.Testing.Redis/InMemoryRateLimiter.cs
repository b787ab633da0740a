using System.Collections.Concurrent;
using Strata.Redis;

namespace Strata.Testing;

/// <summary>
/// An in-memory <see cref="IRedisRateLimiter"/> for unit tests, deciding as <see cref="RedisRateLimiter"/>'s scripts do (fixed
/// windows aligned on the clock, an exact sliding log, a continuously refilled token bucket) on a <see cref="TimeProvider"/>,
/// so a test can move time instead of waiting.
/// </summary>
/// <remarks>Thread-safe: each decision holds its key's lock.</remarks>
public sealed class InMemoryRateLimiter : IRedisRateLimiter
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, KeyState> _keys = new(StringComparer.Ordinal);

    /// <summary>A limiter applying <paramref name="policy"/> on <paramref name="timeProvider"/>'s clock.</summary>
    /// <param name="policy">The policy, made as for Redis (<see cref="RateLimitPolicy.FixedWindow"/> and the others).</param>
    /// <param name="timeProvider">The clock; the system's when null.</param>
    public InMemoryRateLimiter(RateLimitPolicy policy, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public RateLimitPolicy Policy { get; }

    /// <inheritdoc />
    public Task<RateLimitDecision> CheckAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(Decide(key, 0));

    /// <inheritdoc />
    public Task<RateLimitDecision> ConsumeAsync(string key, int permits = 1, CancellationToken cancellationToken = default)
    {
        if (permits < 1 || permits > Policy.Limit)
            throw new ArgumentOutOfRangeException(nameof(permits), permits, $"Permits must be from 1 to the policy's limit ({Policy.Limit}); more could never be granted.");
        return Task.FromResult(Decide(key, permits));
    }

    /// <inheritdoc />
    public Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        Check(key);
        _keys.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private RateLimitDecision Decide(string key, int permits)
    {
        Check(key);
        var state = _keys.GetOrAdd(key, _ => new KeyState());
        lock (state)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var want = permits == 0 ? 1 : permits;
            return Policy switch
            {
                FixedWindowPolicy p => Fixed(state, p, now, permits, want),
                SlidingWindowPolicy p => Sliding(state, p, now, permits, want),
                TokenBucketPolicy p => Bucket(state, p, now, permits, want),
                _ => throw new NotSupportedException($"The policy {Policy.Name} has no in-memory implementation."),
            };
        }
    }

    private RateLimitDecision Fixed(KeyState state, FixedWindowPolicy policy, long now, int permits, int want)
    {
        var window = (long)policy.Window.TotalMilliseconds;
        var start = now - now % window;
        var reset = start + window;
        var count = state.WindowStart == start ? state.Count : 0;
        var allowed = count + want <= policy.WindowLimit;
        if (allowed && permits > 0)
        {
            count += permits;
            state.WindowStart = start;
            state.Count = count;
        }
        return Result(allowed, policy.WindowLimit - count, reset, allowed ? 0 : reset - now);
    }

    private RateLimitDecision Sliding(KeyState state, SlidingWindowPolicy policy, long now, int permits, int want)
    {
        var window = (long)policy.Window.TotalMilliseconds;
        state.Log.RemoveAll(t => t <= now - window);
        var count = state.Log.Count;
        var allowed = count + want <= policy.WindowLimit;
        if (allowed && permits > 0)
        {
            for (var i = 0; i < permits; i++) state.Log.Add(now);
            count += permits;
        }
        var reset = state.Log.Count > 0 ? state.Log[0] + window : now + window;
        long retry = 0;
        if (!allowed)
        {
            var need = count + want - policy.WindowLimit;
            retry = need - 1 < state.Log.Count ? state.Log[need - 1] + window - now : window;
        }
        return Result(allowed, policy.WindowLimit - count, reset, retry);
    }

    private RateLimitDecision Bucket(KeyState state, TokenBucketPolicy policy, long now, int permits, int want)
    {
        var rate = policy.TokensPerPeriod / policy.Period.TotalMilliseconds;
        var tokens = state.Started ? state.Tokens : policy.Capacity;
        var last = state.Started ? state.Last : now;
        if (now > last) tokens = Math.Min(policy.Capacity, tokens + (now - last) * rate);
        var allowed = tokens >= want;
        if (allowed && permits > 0)
        {
            tokens -= permits;
            state.Tokens = tokens;
            state.Last = now;
            state.Started = true;
        }
        var reset = now + (long)Math.Ceiling((policy.Capacity - tokens) / rate);
        return Result(allowed, (int)Math.Floor(tokens), reset, allowed ? 0 : (long)Math.Ceiling((want - tokens) / rate));
    }

    private RateLimitDecision Result(bool allowed, int remaining, long resetMs, long retryMs) =>
        new(allowed, Policy.Limit, Math.Max(0, remaining), DateTimeOffset.FromUnixTimeMilliseconds(resetMs), TimeSpan.FromMilliseconds(retryMs));

    private static void Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Length > RedisRateLimiter.MaxKeyLength)
            throw new ArgumentException($"A rate limiter key must have 1 to {RedisRateLimiter.MaxKeyLength} characters; this one has {key.Length}.", nameof(key));
    }

    /// <summary>What is counted for one key; guarded by locking it.</summary>
    private sealed class KeyState
    {
        public long WindowStart = -1;
        public int Count;
        public readonly List<long> Log = [];
        public double Tokens;
        public long Last;
        public bool Started;
    }
}
