using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strata.Diagnostics;

namespace Strata.IntegrationTests.Infrastructure;

/// <summary>One measurement of a Strata instrument, with its tags and the trace that was current when it was recorded.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags, ActivityTraceId? TraceId)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value?.ToString() : null;
}

/// <summary>
/// Records every measurement of the Strata meter while it lives. Other tests measure at the same time: look for the
/// measurements of the test's own database (its pool name), or those recorded in its own trace (<see cref="Measured.TraceId"/>
/// with a <see cref="SpanCollector"/>), since tests on one server share its namespace.
/// </summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StrataMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Measured> Measurements { get; } = new();

    /// <summary>Reads the observable instruments (the pool's connection counts) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public IEnumerable<Measured> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        Measurements.Enqueue(new Measured(instrument.Name, value, copy, Activity.Current?.TraceId));
    }

    public void Dispose() => _listener.Dispose();
}
