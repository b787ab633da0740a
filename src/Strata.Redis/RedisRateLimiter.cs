using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Strata.Redis;

/// <summary>
/// A rate limiter shared by every instance through Redis (<see cref="RedisStore.CreateRateLimiter"/>): each decision is one
/// atomic Lua script on the server's clock, touching only its key (and, for a sliding window, a companion key in the same
/// hash slot), every key with a time to live. Also usable by ASP.NET Core's rate-limiting middleware through
/// <see cref="AsPartitioned{TResource}"/>.
/// </summary>
/// <remarks>
/// When Redis does not answer within <see cref="RedisRateLimiterOptions.FailTimeout"/> (250 ms) or cannot be reached, the
/// <see cref="RedisRateLimiterOptions.FailMode"/> decides (allow, deny, or an in-process limiter per key), the decision says
/// <see cref="RateLimitDecision.FromFailMode"/>, a warning is logged (at most every 10 s) and
/// <c>strata.rate_limiter.fallbacks</c> counts it. Thread-safe.
/// </remarks>
public sealed partial class RedisRateLimiter : IRedisRateLimiter
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 512;

    private readonly RedisStore _store;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<string, RateLimiter> _local = new(StringComparer.Ordinal);
    private readonly string _failModeName;
    private long _lastWarning;

    internal RedisRateLimiter(RedisStore store, RateLimitPolicy policy, RedisRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        Policy = policy;
        Options = options;
        _logger = store.Options.LoggerFactory?.CreateLogger("Strata.Redis.RateLimiting");
        _failModeName = options.FailMode.ToString().ToLowerInvariant();
    }

    /// <summary>The policy it applies.</summary>
    public RateLimitPolicy Policy { get; }

    /// <summary>Its options.</summary>
    public RedisRateLimiterOptions Options { get; }

    /// <summary>Whether one permit for <paramref name="key"/> would be granted now, without taking it.</summary>
    /// <param name="key">What is limited (a user, an IP address, an API key): 1 to <see cref="MaxKeyLength"/> characters.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    public Task<RateLimitDecision> CheckAsync(string key, CancellationToken cancellationToken = default) => DecideAsync(key, 0, cancellationToken);

    /// <summary>Takes <paramref name="permits"/> for <paramref name="key"/> when the policy allows them all; otherwise takes none.</summary>
    /// <param name="key">What is limited: 1 to <see cref="MaxKeyLength"/> characters.</param>
    /// <param name="permits">How many (1 to the policy's limit).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permits"/> is below 1 or above the limit.</exception>
    public Task<RateLimitDecision> ConsumeAsync(string key, int permits = 1, CancellationToken cancellationToken = default)
    {
        if (permits < 1 || permits > Policy.Limit)
            throw new ArgumentOutOfRangeException(nameof(permits), permits, $"Permits must be from 1 to the policy's limit ({Policy.Limit}); more could never be granted.");
        return DecideAsync(key, permits, cancellationToken);
    }

    /// <summary>Forgets what was counted for <paramref name="key"/>: its next request starts afresh.</summary>
    /// <param name="key">What is limited.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    public async Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        var keys = Keys(key);
        await _store.RunAsync("DEL", async () =>
        {
            foreach (var k in keys) await _store.Db.KeyDeleteAsync(k).ConfigureAwait(false);
            return true;
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_local.TryRemove(key, out var local)) await local.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// This limiter as a <see cref="PartitionedRateLimiter{TResource}"/>, for ASP.NET Core's rate-limiting middleware
    /// (<c>options.GlobalLimiter = limiter.AsPartitioned&lt;HttpContext&gt;(c => c.Connection.RemoteIpAddress?.ToString() ?? "unknown")</c>).
    /// </summary>
    /// <param name="key">The key of a resource (a request).</param>
    /// <remarks>
    /// Never queues: a request is granted or refused at once, refused ones carrying <see cref="MetadataName.RetryAfter"/>.
    /// <c>AttemptAcquire</c> waits for Redis on the calling thread (bounded by the fail timeout); <c>AcquireAsync</c> does not block.
    /// </remarks>
    public PartitionedRateLimiter<TResource> AsPartitioned<TResource>(Func<TResource, string> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new RedisPartitionedRateLimiter<TResource>(this, key);
    }

    /// <summary>
    /// One key of this limiter as a <see cref="RateLimiter"/>, for an ASP.NET Core rate-limiting policy:
    /// <c>options.AddPolicy("api", ctx => RateLimitPartition.Get(ip, ip => limiter.ForKey("api:" + ip)))</c>.
    /// </summary>
    /// <param name="key">What is limited.</param>
    /// <exception cref="ArgumentException">An empty or oversized key.</exception>
    /// <remarks>Never queues; <c>AttemptAcquire</c> waits for Redis on the calling thread (bounded by the fail timeout).</remarks>
    public RateLimiter ForKey(string key)
    {
        _ = Keys(key);
        return new RedisKeyRateLimiter(this, key);
    }

    private async Task<RateLimitDecision> DecideAsync(string key, int permits, CancellationToken cancellationToken)
    {
        var keys = Keys(key);
        RedisResult result;
        try
        {
            result = await _store.RunAsync("EVALSHA", () => _store.Db.ScriptEvaluateAsync(Policy.Script, keys, Policy.Arguments(permits)))
                .WaitAsync(Options.FailTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or RedisConnectionFailureException or RedisCommandTimeoutException or RedisRedirectException { IsTransient: true })
        {
            return await FallBackAsync(key, permits, e).ConfigureAwait(false);
        }
        var values = (RedisResult[])result!;
        var allowed = (long)values[0] == 1;
        var decision = new RateLimitDecision(allowed, Policy.Limit, (int)Math.Max(0, (long)values[1]),
            DateTimeOffset.FromUnixTimeMilliseconds((long)values[2]), TimeSpan.FromMilliseconds((long)values[3]));
        RedisTelemetry.Decided(Policy.Name, allowed);
        return decision;
    }

    private async Task<RateLimitDecision> FallBackAsync(string key, int permits, Exception error)
    {
        RedisTelemetry.FellBack(_failModeName);
        var now = _store.Options.TimeProvider.GetUtcNow();
        var last = Interlocked.Read(ref _lastWarning);
        if (_logger is not null && now.UtcTicks - last > TimeSpan.TicksPerSecond * 10 && Interlocked.CompareExchange(ref _lastWarning, now.UtcTicks, last) == last)
            LogFallBack(_logger, error, _store.Options.Where, Options.FailTimeout.TotalMilliseconds, _failModeName);
        RateLimitDecision decision;
        switch (Options.FailMode)
        {
            case RateLimiterFailMode.Allow:
                decision = new RateLimitDecision(true, Policy.Limit, Policy.Limit, now, TimeSpan.Zero, FromFailMode: true);
                break;
            case RateLimiterFailMode.Deny:
                decision = new RateLimitDecision(false, Policy.Limit, 0, now + Policy.Span, Policy.Span, FromFailMode: true);
                break;
            default:
                var local = _local.GetOrAdd(key, _ => Policy.CreateLocal());
                if (permits == 0)
                {
                    var statistics = local.GetStatistics();
                    var available = (int)(statistics?.CurrentAvailablePermits ?? Policy.Limit);
                    decision = new RateLimitDecision(available > 0, Policy.Limit, available, now + Policy.Span, TimeSpan.Zero, FromFailMode: true);
                    break;
                }
                using (var lease = await local.AcquireAsync(permits).ConfigureAwait(false))
                {
                    var left = (int)(local.GetStatistics()?.CurrentAvailablePermits ?? 0);
                    var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Policy.Span;
                    decision = lease.IsAcquired
                        ? new RateLimitDecision(true, Policy.Limit, left, now + Policy.Span, TimeSpan.Zero, FromFailMode: true)
                        : new RateLimitDecision(false, Policy.Limit, left, now + retry, retry, FromFailMode: true);
                }
                break;
        }
        RedisTelemetry.Decided(Policy.Name, decision.Allowed);
        return decision;
    }

    private RedisKey[] Keys(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) throw new ArgumentException("A rate limit key must not be empty: name what is limited, such as \"api:user_123\".", nameof(key));
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"A rate limit key of {key.Length} characters is longer than {MaxKeyLength}: hash long inputs into the key instead.", nameof(key));
        // A hash tag keeps a policy's keys in one cluster slot, as a script touching several keys needs.
        var main = _store.Key(Options.Prefix + "{" + key + "}");
        return Policy is SlidingWindowPolicy ? [main, main.Append(":seq")] : [main];
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "Redis at {Endpoints} did not answer a rate limit decision within {TimeoutMs} ms; the fail mode '{FailMode}' decides until it does")]
    private static partial void LogFallBack(ILogger logger, Exception error, string endpoints, double timeoutMs, string failMode);
}
