namespace Strata.Resilience;

/// <summary>
/// The circuit breaker around opening connections: opens when, within <see cref="ConnectionResilienceOptions.SamplingDuration"/>,
/// at least <see cref="ConnectionResilienceOptions.MinimumThroughput"/> attempts were made and the share that failed reached
/// <see cref="ConnectionResilienceOptions.FailureRatio"/>; after <see cref="ConnectionResilienceOptions.BreakDuration"/> lets one
/// probe through, which closes it or opens it again. Thread-safe.
/// </summary>
/// <remarks>
/// Every open of a healthy database is counted, so a success must cost next to nothing: it is one interlocked increment in a
/// time bucket, without a lock (a general-purpose breaker takes one per outcome, which shows when many callers open at once).
/// Only failures, the rare roll-over into a new bucket, and state changes take the lock.
/// </remarks>
internal sealed class ConnectionBreaker
{
    private const int BucketCount = 10;
    private const int ClosedState = 0, OpenState = 1, HalfOpenState = 2;

    private readonly ConnectionResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _systemClock;
    private readonly long _bucketTicks;
    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly Lock _lock = new();
    private readonly Action<CircuitState, string?> _changed;
    private int _state;
    private long _openUntil;

    /// <param name="options">The breaker's settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="changed">Told each change of state, with the failure that opened it.</param>
    public ConnectionBreaker(ConnectionResilienceOptions options, TimeProvider time, Action<CircuitState, string?> changed)
    {
        _options = options;
        _time = time;
        _systemClock = ReferenceEquals(time, TimeProvider.System);
        _changed = changed;
        _bucketTicks = Math.Max(1, options.SamplingDuration.Ticks / BucketCount);
        for (var i = 0; i < BucketCount; i++) _buckets[i] = new Bucket();
    }

    /// <summary>The state callers see: open until a probe is let through.</summary>
    public CircuitState State => Volatile.Read(ref _state) switch
    {
        OpenState => CircuitState.Open,
        HalfOpenState => CircuitState.HalfOpen,
        _ => CircuitState.Closed,
    };

    /// <summary>True while attempts go straight through (no probe pending, not open).</summary>
    public bool IsClosed => Volatile.Read(ref _state) == ClosedState;

    /// <summary>
    /// Before an attempt: passes when closed; when open and the break is over, makes this attempt the probe; else refuses,
    /// with how long until a probe is let through (zero while another caller's probe is under way).
    /// </summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (Volatile.Read(ref _state) == ClosedState) return true;
        lock (_lock)
        {
            if (_state == ClosedState) return true;
            if (_state == HalfOpenState) return false;
            var left = Volatile.Read(ref _openUntil) - Now;
            if (left > 0)
            {
                retryAfter = TimeSpan.FromTicks(left);
                return false;
            }
            _state = HalfOpenState;
        }
        _changed(CircuitState.HalfOpen, null);
        return true;
    }

    /// <summary>An attempt that reached the database (or got an answer from it, such as a full pool).</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _state) == ClosedState)
        {
            Interlocked.Increment(ref Current(Now).Successes);
            return;
        }
        lock (_lock)
        {
            if (_state != HalfOpenState) return;
            _state = ClosedState;
            Reset();
        }
        _changed(CircuitState.Closed, null);
    }

    /// <summary>An attempt that failed to reach the database.</summary>
    public void Failed(string error)
    {
        lock (_lock)
        {
            if (_state == OpenState) return;
            if (_state == ClosedState)
            {
                var now = Now;
                Interlocked.Increment(ref Current(now).Failures);
                var (successes, failures) = Totals(now / _bucketTicks);
                var total = successes + failures;
                if (total < _options.MinimumThroughput || failures < _options.FailureRatio * total) return;
            }
            _state = OpenState;
            Volatile.Write(ref _openUntil, Now + _options.BreakDuration.Ticks);
            Reset();
        }
        _changed(CircuitState.Open, error);
    }

    /// <summary>A probe that ended without an answer either way (the caller cancelled): the next caller probes instead.</summary>
    public void Abandoned()
    {
        lock (_lock)
        {
            if (_state != HalfOpenState) return;
            _state = OpenState;
            Volatile.Write(ref _openUntil, Now);
        }
    }

    // Every successful open reads it. On the system clock that is Environment.TickCount64, a coarse monotonic clock (a few
    // milliseconds) that costs a fraction of a precise read; buckets and breaks last seconds.
    private long Now => _systemClock ? Environment.TickCount64 * TimeSpan.TicksPerMillisecond : _time.GetUtcNow().UtcTicks;

    private Bucket Current(long now)
    {
        var index = now / _bucketTicks;
        var bucket = _buckets[(int)(index % BucketCount)];
        if (Volatile.Read(ref bucket.Index) == index) return bucket;
        lock (_lock)
        {
            if (bucket.Index != index)
            {
                bucket.Successes = 0;
                bucket.Failures = 0;
                Volatile.Write(ref bucket.Index, index);
            }
        }
        return bucket;
    }

    private (long Successes, long Failures) Totals(long index)
    {
        long successes = 0, failures = 0;
        foreach (var bucket in _buckets)
        {
            if (Volatile.Read(ref bucket.Index) <= index - BucketCount) continue;
            successes += Volatile.Read(ref bucket.Successes);
            failures += Volatile.Read(ref bucket.Failures);
        }
        return (successes, failures);
    }

    private void Reset()
    {
        foreach (var bucket in _buckets)
        {
            bucket.Successes = 0;
            bucket.Failures = 0;
            bucket.Index = -1;
        }
    }

    private sealed class Bucket
    {
        public long Index = -1;
        public int Successes;
        public int Failures;
    }
}
