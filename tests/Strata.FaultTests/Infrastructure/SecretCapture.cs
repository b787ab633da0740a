using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Strata.FaultTests.Infrastructure;

/// <summary>
/// Collects everything a secret could leak into while it lives: log lines at every level (message, state values, exception
/// text), every span of every source (name, tags, events, status), and every measurement's tags. <see cref="Text"/> is all
/// of it, plus whatever the test adds.
/// </summary>
public sealed class SecretCapture : ILoggerFactory, ILoggerProvider, IDisposable
{
    private readonly ConcurrentQueue<string> _texts = new();
    private readonly ActivityListener _spans;
    private readonly MeterListener _meters = new();

    public SecretCapture()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => Add($"span {a.Source.Name} {a.DisplayName} {a.StatusDescription} " +
                string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " +
                string.Join(" ", a.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))),
        };
        ActivitySource.AddActivityListener(_spans);
        _meters.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => AddTags(i, tags));
        _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => AddTags(i, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => AddTags(i, tags));
        _meters.Start();
    }

    /// <summary>Everything captured so far, one entry per line.</summary>
    public string Text
    {
        get
        {
            _meters.RecordObservableInstruments();
            return string.Join('\n', _texts);
        }
    }

    /// <summary>Adds text the test saw (an exception's <c>ToString()</c>, a report).</summary>
    public void Add(string? text)
    {
        if (text is not null) _texts.Enqueue(text);
    }

    private void AddTags(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var line = instrument.Meter.Name + " " + instrument.Name;
        foreach (var tag in tags) line += $" {tag.Key}={tag.Value}";
        Add(line);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose()
    {
        _spans.Dispose();
        _meters.Dispose();
    }

    private sealed class Logger(SecretCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            capture.Add($"scope {category} {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Add($"log {logLevel} {category} {formatter(state, exception)} {values} {exception}");
        }
    }
}
