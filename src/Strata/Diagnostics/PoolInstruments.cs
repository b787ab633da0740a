using System.Diagnostics.Metrics;
using Strata.Providers;

namespace Strata.Diagnostics;

/// <summary>
/// The observable pool instruments of one database (<c>db.client.connection.count</c> by state,
/// <c>db.client.connection.pending_requests</c> and <c>strata.circuit.state</c>), read from
/// <see cref="Database.GetPoolStatistics"/> and <see cref="Database.CircuitState"/> when a listener collects them.
/// </summary>
/// <remarks>
/// Each database has a <c>Strata</c> meter of its own for these, disposed with the database, so that a closed database
/// stops reporting without a process-wide registry of open ones. The meter holds the database weakly: meters live in a
/// static list until disposed, and a database its owner forgot to dispose must still be collectable. Thread-safe.
/// </remarks>
internal sealed class PoolInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly WeakReference<Database> _owner;
    private readonly KeyValuePair<string, object?>[] _idle;
    private readonly KeyValuePair<string, object?>[] _used;

    public PoolInstruments(TelemetryTarget target, Database owner)
    {
        _owner = new WeakReference<Database>(owner);
        var pool = new KeyValuePair<string, object?>(TelemetryNames.PoolName, target.PoolName);
        var system = new KeyValuePair<string, object?>(TelemetryNames.DbSystemName, target.System);
        _idle = [pool, system, new(TelemetryNames.ConnectionState, "idle")];
        _used = [pool, system, new(TelemetryNames.ConnectionState, "used")];
        _meter = new Meter(StrataMetrics.MeterName, StrataMetrics.Version);
        _meter.CreateObservableUpDownCounter("db.client.connection.count", ObserveCount, unit: "{connection}",
            description: "Connections of the pool, by state: idle or used.");
        var pending = new[] { pool, system };
        _meter.CreateObservableUpDownCounter("db.client.connection.pending_requests",
            () => _owner.TryGetTarget(out var db) ? [new Measurement<int>(db.GetPoolStatistics().Waiting, pending)] : Array.Empty<Measurement<int>>(), unit: "{request}",
            description: "Callers waiting for a connection from the pool.");
        _meter.CreateObservableGauge("strata.circuit.state",
            () => _owner.TryGetTarget(out var db) ? [new Measurement<int>((int)db.CircuitState, pending)] : Array.Empty<Measurement<int>>(),
            description: "The circuit breaker on opening connections: 0 closed, 1 open, 2 half-open.");
    }

    private IEnumerable<Measurement<int>> ObserveCount()
    {
        if (!_owner.TryGetTarget(out var db)) return [];
        var statistics = db.GetPoolStatistics();
        return [new Measurement<int>(statistics.Idle, _idle), new Measurement<int>(statistics.Busy, _used)];
    }

    public void Dispose() => _meter.Dispose();
}
