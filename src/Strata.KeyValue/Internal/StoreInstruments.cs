using System.Diagnostics.Metrics;
using Strata.Diagnostics;

namespace Strata.KeyValue.Internal;

/// <summary>
/// The observable instruments of one store, read from <see cref="KeyValueStore.GetStatistics"/> when a listener collects:
/// <c>strata.kv.memtable.size</c>, <c>strata.kv.sst.size</c>, <c>strata.kv.keys</c> (estimated),
/// <c>strata.kv.block_cache.usage</c>, <c>strata.kv.compaction.pending</c> (bytes), <c>strata.kv.compaction.running</c>
/// and <c>strata.kv.writes.stopped</c> (0 or 1), each with <c>db.system.name</c> and <c>db.namespace</c>.
/// </summary>
/// <remarks>
/// Like the SQL side's pool instruments, each store has a <c>Strata</c> meter of its own, disposed with it, holding the
/// store weakly so that a store its owner forgot to dispose can still be collected.
/// </remarks>
internal sealed class StoreInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly WeakReference<KeyValueStore> _owner;
    private readonly KeyValuePair<string, object?>[] _tags;

    public StoreInstruments(KeyValueStore owner)
    {
        _owner = new WeakReference<KeyValueStore>(owner);
        _tags = [new(TelemetryNames.DbSystemName, KeyValueStore.SystemName), new(TelemetryNames.DbNamespace, owner.Path)];
        _meter = new Meter(StrataMetrics.MeterName, typeof(StrataMetrics).Assembly.GetName().Version?.ToString());
        Gauge("strata.kv.memtable.size", "By", "Memory of the store's write buffers.", s => s.MemtableBytes);
        Gauge("strata.kv.sst.size", "By", "Size of the store's table files on disk.", s => s.SstFilesBytes);
        Gauge("strata.kv.keys", "{key}", "Estimated number of keys in the store.", s => s.EstimatedKeys);
        Gauge("strata.kv.block_cache.usage", "By", "Memory held by the store's block cache.", s => s.BlockCacheBytes);
        Gauge("strata.kv.compaction.pending", "By", "Estimated bytes compaction must still rewrite.", s => s.PendingCompactionBytes);
        Gauge("strata.kv.compaction.running", "{compaction}", "Compactions running now.", s => s.RunningCompactions);
        Gauge("strata.kv.writes.stopped", null, "1 while RocksDB refuses writes until compaction catches up, else 0.", s => s.WritesStopped ? 1 : 0);
    }

    private void Gauge(string name, string? unit, string description, Func<KeyValueStatistics, long> read) =>
        _meter.CreateObservableGauge(name, () => Observe(read), unit, description);

    private IEnumerable<Measurement<long>> Observe(Func<KeyValueStatistics, long> read)
    {
        if (!_owner.TryGetTarget(out var store) || store.IsDisposed) return [];
        try
        {
            return [new Measurement<long>(read(store.GetStatistics()), _tags)];
        }
        catch (ObjectDisposedException)
        {
            return [];
        }
    }

    public void Dispose() => _meter.Dispose();
}
