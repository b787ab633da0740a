using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Strata.Resilience;

/// <summary>
/// Opens connections for one database through Polly: a total time limit around retries with backoff and jitter, around a
/// circuit breaker that counts each attempt. Shared by every caller of the database; thread-safe.
/// </summary>
internal sealed partial class ConnectionGuard
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider? _state;
    private readonly ConnectionResilienceOptions _options;
    private readonly string _target;
    private readonly string _dialect;
    private readonly ILogger _logger;

    /// <param name="options">The retry and breaker settings.</param>
    /// <param name="timeProvider">The clock for delays and the breaker.</param>
    /// <param name="logger">Where retries and breaker changes are logged.</param>
    /// <param name="target">The database, without its password, for messages.</param>
    /// <param name="dialect">The dialect's name, for error details.</param>
    /// <param name="stateChanged">Told each breaker change.</param>
    public ConnectionGuard(ConnectionResilienceOptions options, TimeProvider timeProvider, ILogger? logger, string target, string dialect,
        Action<CircuitState>? stateChanged = null)
    {
        options.Validate();
        _options = options;
        _target = target;
        _dialect = dialect;
        _logger = logger ?? NullLogger.Instance;
        // Only connection failures are retried and counted as failures. A full pool (PoolExhaustedException) is the database
        // serving other callers: retrying would only wait again, and the breaker records it as an answer, not a failure.
        var transient = new PredicateBuilder().Handle<ConnectionFailureException>(e => e.IsTransient);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.MaxOpenTime });
        if (options.OpenRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.OpenRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    LogOpenRetry(_target, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "");
                    return default;
                },
            });
        }
        if (options.CircuitBreaker)
        {
            _state = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                OnOpened = args =>
                {
                    LogCircuitOpened(_target, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.Message ?? "");
                    stateChanged?.Invoke(CircuitState.Open);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    LogCircuitHalfOpened(_target);
                    stateChanged?.Invoke(CircuitState.HalfOpen);
                    return default;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(_target);
                    stateChanged?.Invoke(CircuitState.Closed);
                    return default;
                },
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>The breaker's state; <see cref="CircuitState.Closed"/> without a breaker.</summary>
    public CircuitState State => _state?.CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated => CircuitState.Open,
        Polly.CircuitBreaker.CircuitState.HalfOpen => CircuitState.HalfOpen,
        _ => CircuitState.Closed,
    };

    /// <summary>Runs <paramref name="open"/>, which must throw Strata's exceptions (already translated), under the policies.</summary>
    /// <exception cref="DatabaseUnavailableException">The breaker is open.</exception>
    /// <exception cref="ConnectionFailureException">Every attempt failed, or the total time ran out.</exception>
    public async ValueTask<T> OpenAsync<T, TState>(Func<TState, CancellationToken, ValueTask<T>> open, TState state, CancellationToken cancellationToken)
    {
        var attempts = new Attempts<T, TState>(open, state);
        try
        {
            return await _pipeline.ExecuteAsync(static (a, token) => a.RunAsync(token), attempts, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            var retry = e.RetryAfter is { } after ? $" It lets a probe through in {after.TotalSeconds:0.#} s." : "";
            throw new DatabaseUnavailableException(
                $"The database {_target} is unavailable: its circuit breaker opened after repeated connection failures, so calls fail at once.{retry}",
                new DatabaseErrorDetails(_dialect), e.RetryAfter, e);
        }
        catch (TimeoutRejectedException e)
        {
            var last = attempts.Last;
            throw new ConnectionFailureException(
                $"No connection to {_target} within {_options.MaxOpenTime.TotalSeconds:0.#} s ({attempts.Count} attempt(s)){(last is null ? "" : ": " + last.Message)}",
                new DatabaseErrorDetails(_dialect, last?.SqlState, last?.ErrorNumber, IsTransient: true), (Exception?)last ?? e);
        }
    }

    /// <summary>One call's attempts: counts them and keeps the last failure for the time-out message.</summary>
    private sealed class Attempts<T, TState>(Func<TState, CancellationToken, ValueTask<T>> open, TState state)
    {
        public int Count;
        public DatabaseException? Last;

        public async ValueTask<T> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            try
            {
                return await open(state, cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseException e)
            {
                Last = e;
                throw;
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Opening a connection to {Target} failed; attempt {Attempt} in {DelayMs:0} ms: {Error}")]
    private partial void LogOpenRetry(string target, int attempt, double delayMs, string error);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Circuit opened for {Target} for {BreakSeconds:0.#} s after repeated connection failures: {Error}")]
    private partial void LogCircuitOpened(string target, double breakSeconds, string error);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Circuit half-open for {Target}: the next open is a probe")]
    private partial void LogCircuitHalfOpened(string target);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Circuit closed for {Target}: the database answers again")]
    private partial void LogCircuitClosed(string target);
}
