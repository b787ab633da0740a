using System.Diagnostics.Metrics;

namespace Strata.Providers;

/// <summary>
/// Reads a driver's own pool figures from the OpenTelemetry-style metrics it publishes
/// (connection count by state, pending requests), for one named pool. Observable instruments are
/// read on demand; counters that report changes are summed from the moment this reader exists, so
/// create it before the driver's data source.
/// </summary>
/// <remarks>Thread-safe. Dispose it with the data source.</remarks>
public sealed class DriverPoolMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _poolName;
    private readonly string _countInstrument;
    private readonly string _pendingInstrument;
    private readonly Lock _gate = new();
    private long _idle;
    private long _used;
    private long _pending;

    /// <summary>Starts listening to <paramref name="meterName"/> for the pool called <paramref name="poolName"/>.</summary>
    /// <param name="meterName">The driver's meter (<c>Npgsql</c>, <c>MySqlConnector</c>).</param>
    /// <param name="poolName">The pool (data source) name given to the driver.</param>
    /// <param name="countInstrument">The instrument counting connections, tagged with their state (idle or used).</param>
    /// <param name="pendingInstrument">The instrument counting callers waiting for a connection.</param>
    public DriverPoolMetrics(string meterName, string poolName, string countInstrument, string pendingInstrument)
    {
        _poolName = poolName;
        _countInstrument = countInstrument;
        _pendingInstrument = pendingInstrument;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && (instrument.Name == countInstrument || instrument.Name == pendingInstrument))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The pool's connections by state and its waiting callers, as the driver reports them.</summary>
    public PoolStatistics Read()
    {
        lock (_gate)
        {
            _listener.RecordObservableInstruments();
            var idle = (int)Math.Max(0, _idle);
            var used = (int)Math.Max(0, _used);
            return new PoolStatistics(idle + used, idle, used, (int)Math.Max(0, _pending));
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null, state = null;
        foreach (var tag in tags)
        {
            if (tag.Key.EndsWith("pool.name", StringComparison.Ordinal)) pool = tag.Value as string;
            else if (tag.Key.EndsWith("state", StringComparison.Ordinal)) state = tag.Value as string;
        }
        if (!string.Equals(pool, _poolName, StringComparison.Ordinal)) return;
        // Observable instruments report the current value; the others report each change.
        var absolute = instrument.IsObservable;
        lock (_gate)
        {
            if (instrument.Name == _pendingInstrument)
                _pending = absolute ? value : _pending + value;
            else if (instrument.Name == _countInstrument && state == "idle")
                _idle = absolute ? value : _idle + value;
            else if (instrument.Name == _countInstrument && state == "used")
                _used = absolute ? value : _used + value;
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();
}
