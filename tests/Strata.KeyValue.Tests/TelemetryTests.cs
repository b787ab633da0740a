using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Strata.KeyValue.Tests.Infrastructure;

namespace Strata.KeyValue.Tests;

public class TelemetryTests
{
    [Fact]
    public async Task Operations_are_measured_on_the_strata_meter_with_rocksdb_tags()
    {
        await using var s = TestStore.Open();
        var recorded = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Strata") l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            if (Equals(copy.GetValueOrDefault("db.namespace"), s.Path)) lock (recorded) recorded.Add((instrument.Name, value, copy));
        }
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await s.Store.PutAsync("k", new byte[10]);
        await s.Store.GetAsync("k");
        await foreach (var _ in s.Store.ScanAsync("")) { }
        listener.RecordObservableInstruments();

        var operations = recorded.Where(r => r.Instrument == "db.client.operation.duration").ToList();
        Assert.Equal(["put", "get", "scan"], operations.Select(o => o.Tags["db.operation.name"]));
        Assert.All(operations, o =>
        {
            Assert.Equal("rocksdb", o.Tags["db.system.name"]);
            Assert.Equal("default", o.Tags["db.collection.name"]);
        });
        // Written: the key (1) and the stored value (Strata's 1-byte header and 10 bytes); read twice: the key and the value.
        Assert.Equal(12, recorded.Where(r => r.Instrument == "strata.kv.bytes.written").Sum(r => r.Value));
        Assert.Equal(22, recorded.Where(r => r.Instrument == "strata.kv.bytes.read").Sum(r => r.Value));
        Assert.Contains(recorded, r => r.Instrument == "strata.kv.memtable.size" && r.Value > 0);
        Assert.Contains(recorded, r => r.Instrument == "strata.kv.keys");
    }

    [Fact]
    public async Task Operations_and_transactions_are_spans_of_the_strata_source_and_failures_carry_the_error_type()
    {
        await using var s = TestStore.Open();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Strata",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("db.namespace"), s.Path)) lock (spans) spans.Add(a);
            },
        };
        ActivitySource.AddActivityListener(listener);

        await s.Store.Namespace("users").PutAsync("ada", [1]);
        await s.Store.TransactionAsync(async tx => await tx.PutAsync("k", [1]));
        await using (var tx = s.Store.BeginTransaction())
        {
            await tx.GetAsync("k");
            await s.Store.PutAsync("k", [2]);
            await tx.PutAsync("k", [3]);
            await Assert.ThrowsAsync<SerializationFailureException>(async () => await tx.CommitAsync());
        }

        var put = Assert.Single(spans, a => a.DisplayName == "put users");
        Assert.Equal(ActivityKind.Client, put.Kind);
        Assert.Equal("rocksdb", put.GetTagItem("db.system.name"));
        var transaction = Assert.Single(spans, a => a.DisplayName.StartsWith("transaction ", StringComparison.Ordinal));
        Assert.Equal("committed", transaction.GetTagItem("strata.transaction.outcome"));
        Assert.Contains(spans, a => a.DisplayName == "commit default" && a.Parent == transaction);
        var failed = spans.Last(a => a.DisplayName == "commit default");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(nameof(SerializationFailureException), failed.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Opening_and_rocksdbs_own_log_lines_go_to_the_logger()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using (var s = TestStore.Open(o => o with { LoggerFactory = factory }))
        {
            await s.Store.PutAsync("k", [1]);
        }
        Assert.Contains(logs.Lines, l => l.Category == "Strata.KeyValue" && l.Message.StartsWith("Opened the key-value store", StringComparison.Ordinal) && l.Message.Contains("created"));
        Assert.Contains(logs.Lines, l => l.Category == "Strata.KeyValue.RocksDb" && l.Message.StartsWith("RocksDB: ", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Category == "Strata.KeyValue" && l.Message.StartsWith("Closed the key-value store", StringComparison.Ordinal));
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<(string Category, LogLevel Level, string Message)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider.Lines) provider.Lines.Add((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
