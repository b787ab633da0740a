using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Strata.Resilience;

/// <summary>
/// Opens connections for one database under a time limit, retries with backoff and jitter (Polly), and a circuit breaker
/// (<see cref="ConnectionBreaker"/>) that counts each attempt. Shared by every caller of the database; thread-safe.
/// </summary>
/// <remarks>
/// The first attempt is made directly, with a pooled timer for the time limit that is armed only when the open has to wait: a
/// healthy database's pooled open then costs an increment, not a trip through the retry pipeline. Only when that attempt fails (or the breaker is not closed) does the open
/// go through Polly, whose first try hands back that failure so the retries and their delays carry on from it, and whose time
/// limit is what is left of <see cref="ConnectionResilienceOptions.MaxOpenTime"/>.
/// </remarks>
internal sealed partial class ConnectionGuard
{
    private static readonly ResiliencePropertyKey<TimeSpan> TimeLeft = new("strata.open-time-left");

    private readonly ResiliencePipeline _retries;
    private readonly ConnectionBreaker? _breaker;
    private readonly ConnectionResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly string _target;
    private readonly string _dialect;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource?[] _timers = new CancellationTokenSource?[16];

    // The driver stops an open within the time limit by itself: a first attempt without the caller's token needs no timer.
    private readonly bool _driverBoundsOpen;

    /// <param name="options">The retry and breaker settings.</param>
    /// <param name="timeProvider">The clock for delays and the breaker.</param>
    /// <param name="logger">Where retries and breaker changes are logged.</param>
    /// <param name="target">The database, without its password, for messages.</param>
    /// <param name="dialect">The dialect's name, for error details.</param>
    /// <param name="stateChanged">Told each breaker change.</param>
    /// <param name="driverOpenTimeout">How long the driver itself lets one open run (<see cref="Providers.DatabaseDriver.OpenTimeout"/>).</param>
    public ConnectionGuard(ConnectionResilienceOptions options, TimeProvider timeProvider, ILogger? logger, string target, string dialect,
        Action<CircuitState>? stateChanged = null, TimeSpan? driverOpenTimeout = null)
    {
        options.Validate();
        _options = options;
        _driverBoundsOpen = driverOpenTimeout is { } bound && bound <= options.MaxOpenTime;
        _time = timeProvider;
        _target = target;
        _dialect = dialect;
        _logger = logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeLeft, options.MaxOpenTime)),
            });
        if (options.OpenRetries > 0)
        {
            // Only connection failures are retried. A full pool (PoolExhaustedException) is the database serving other
            // callers: retrying would only wait again.
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ConnectionFailureException>(e => e.IsTransient),
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
        _retries = builder.Build();
        if (options.CircuitBreaker)
        {
            _breaker = new ConnectionBreaker(options, timeProvider, (state, error) =>
            {
                switch (state)
                {
                    case CircuitState.Open: LogCircuitOpened(_target, options.BreakDuration.TotalSeconds, error ?? ""); break;
                    case CircuitState.HalfOpen: LogCircuitHalfOpened(_target); break;
                    default: LogCircuitClosed(_target); break;
                }
                stateChanged?.Invoke(state);
            });
        }
    }

    /// <summary>The breaker's state; <see cref="CircuitState.Closed"/> without a breaker.</summary>
    public CircuitState State => _breaker?.State ?? CircuitState.Closed;

    /// <summary>Runs <paramref name="open"/>, which must throw Strata's exceptions (already translated), under the policies.</summary>
    /// <exception cref="DatabaseUnavailableException">The breaker is open.</exception>
    /// <exception cref="ConnectionFailureException">Every attempt failed, or the total time ran out.</exception>
    public ValueTask<T> OpenAsync<T, TState>(Func<TState, CancellationToken, ValueTask<T>> open, TState state, CancellationToken cancellationToken) =>
        _breaker is { IsClosed: false }
            ? RetryingAsync(open, state, null, _options.MaxOpenTime, cancellationToken)
            : FirstAttemptAsync(open, state, cancellationToken);

    private async ValueTask<T> FirstAttemptAsync<T, TState>(Func<TState, CancellationToken, ValueTask<T>> open, TState state, CancellationToken cancellationToken)
    {
        // Read only when the open waits or fails: a pooled connection handed over at once never reads the clock.
        var started = 0L;
        // Without a token from the caller and with a driver that stops the open in time itself, the driver gets no token
        // either: a cancellable one costs a linked source and its registrations on every open (MySqlConnector).
        var timer = _driverBoundsOpen && !cancellationToken.CanBeCanceled ? null : RentTimer();
        var link = timer is not null && cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static t => ((CancellationTokenSource)t!).Cancel(), timer)
            : default;
        ConnectionFailureException first;
        try
        {
            var opening = open(state, timer?.Token ?? CancellationToken.None);
            T opened;
            if (opening.IsCompleted)
            {
                opened = opening.Result;
            }
            else
            {
                // Only an open that waits (for a pool slot, for the server) needs its time limit, so a pooled connection handed
                // over at once never arms the timer: arming and resetting it on every open cost more than the rest of the guard.
                started = _time.GetTimestamp();
                timer?.CancelAfter(_options.MaxOpenTime);
                opened = await opening.ConfigureAwait(false);
            }
            _breaker?.Succeeded();
            return opened;
        }
        catch (ConnectionFailureException e) when (e.IsTransient && timer?.IsCancellationRequested != true)
        {
            _breaker?.Failed(e.Message);
            first = e;
        }
        catch (Exception e) when (timer?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(1, e as DatabaseException, e);
        }
        catch (DatabaseException) when (!cancellationToken.IsCancellationRequested)
        {
            // An answer from the database (a full pool, a refused password): it is up, whatever the caller makes of it.
            _breaker?.Succeeded();
            throw;
        }
        finally
        {
            link.Dispose();
            if (timer is not null) ReturnTimer(timer);
        }
        var left = started == 0 ? _options.MaxOpenTime : _options.MaxOpenTime - _time.GetElapsedTime(started);
        if (_options.OpenRetries == 0 || left <= TimeSpan.Zero) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return await RetryingAsync(open, state, first, left, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<T> RetryingAsync<T, TState>(Func<TState, CancellationToken, ValueTask<T>> open, TState state, ConnectionFailureException? first,
        TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        var attempts = new Attempts<T, TState>(this, open, state, first);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TimeLeft, timeLeft);
        try
        {
            return await _retries.ExecuteAsync(static (context, a) => a.RunAsync(context.CancellationToken), context, attempts).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw TimedOut(attempts.Count, attempts.Last, (Exception?)attempts.Last ?? e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ConnectionFailureException TimedOut(int attempts, DatabaseException? last, Exception inner) => new(
        $"No connection to {_target} within {_options.MaxOpenTime.TotalSeconds:0.#} s ({attempts} attempt(s)){(last is null ? "" : ": " + last.Message)}",
        new DatabaseErrorDetails(_dialect, last?.SqlState, last?.ErrorNumber, IsTransient: true), inner);

    private DatabaseUnavailableException Unavailable(TimeSpan retryAfter)
    {
        var retry = retryAfter > TimeSpan.Zero ? $" It lets a probe through in {retryAfter.TotalSeconds:0.#} s." : " Another call is probing it now.";
        return new DatabaseUnavailableException(
            $"The database {_target} is unavailable: its circuit breaker opened after repeated connection failures, so calls fail at once.{retry}",
            new DatabaseErrorDetails(_dialect), retryAfter > TimeSpan.Zero ? retryAfter : null, null);
    }

    // A few reusable timers per database: the time limit of a first attempt costs no allocation once warm.
    private CancellationTokenSource RentTimer()
    {
        var start = Environment.CurrentManagedThreadId;
        CancellationTokenSource? timer = null;
        for (var i = 0; i < 4 && timer is null; i++) timer = Interlocked.Exchange(ref _timers[(start + i) & (_timers.Length - 1)], null);
        return timer ?? new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
    }

    private void ReturnTimer(CancellationTokenSource timer)
    {
        if (timer.TryReset())
        {
            var start = Environment.CurrentManagedThreadId;
            for (var i = 0; i < 4; i++)
            {
                if (Interlocked.CompareExchange(ref _timers[(start + i) & (_timers.Length - 1)], timer, null) is null) return;
            }
        }
        timer.Dispose();
    }

    /// <summary>One open's attempts inside the retry pipeline: hands back the first attempt's failure once, counts the rest, keeps the last failure.</summary>
    private sealed class Attempts<T, TState>(ConnectionGuard guard, Func<TState, CancellationToken, ValueTask<T>> open, TState state, ConnectionFailureException? first)
    {
        private ConnectionFailureException? _pending = first;

        public int Count = first is null ? 0 : 1;
        public DatabaseException? Last = first;

        public async ValueTask<T> RunAsync(CancellationToken cancellationToken)
        {
            if (_pending is { } pending)
            {
                _pending = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(pending);
            }
            var breaker = guard._breaker;
            if (breaker is not null && !breaker.TryEnter(out var retryAfter)) throw guard.Unavailable(retryAfter);
            Count++;
            var told = false;
            try
            {
                var opened = await open(state, cancellationToken).ConfigureAwait(false);
                breaker?.Succeeded();
                told = true;
                return opened;
            }
            catch (ConnectionFailureException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                Last = e;
                breaker?.Failed(e.Message);
                told = true;
                throw;
            }
            catch (DatabaseException e) when (!cancellationToken.IsCancellationRequested)
            {
                Last = e;
                breaker?.Succeeded();
                told = true;
                throw;
            }
            finally
            {
                // Cancelled or timed out: no answer either way, so a probe leaves the next caller to probe.
                if (!told) breaker?.Abandoned();
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
