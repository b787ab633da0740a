using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// What RocksDB reports about a store, summed over its namespaces where RocksDB counts per column family: from
/// <see cref="KeyValueStore.GetStatistics"/>, and observed by the <c>strata.kv.*</c> instruments. Figures RocksDB
/// estimates are marked so; a figure RocksDB could not give is 0.
/// </summary>
/// <param name="Namespaces">The namespaces, <c>default</c> included (Strata's own reserved ones are not counted).</param>
/// <param name="EstimatedKeys">Estimated number of keys (RocksDB's <c>estimate-num-keys</c>; deleted and expired keys count until compacted).</param>
/// <param name="LiveDataBytes">Estimated size of the live data (<c>estimate-live-data-size</c>).</param>
/// <param name="SstFilesBytes">Size of the table files on disk (<c>total-sst-files-size</c>).</param>
/// <param name="MemtableBytes">Memory of the write buffers, active and waiting to be flushed (<c>cur-size-all-mem-tables</c>).</param>
/// <param name="ImmutableMemtables">Write buffers full and waiting to be flushed (<c>num-immutable-mem-table</c>).</param>
/// <param name="BlockCacheBytes">Memory the block cache holds (<c>block-cache-usage</c>).</param>
/// <param name="PendingCompactionBytes">Estimated bytes compaction must rewrite to reach its targets (<c>estimate-pending-compaction-bytes</c>).</param>
/// <param name="RunningCompactions">Compactions running now.</param>
/// <param name="RunningFlushes">Memtable flushes running now.</param>
/// <param name="OpenSnapshots">Snapshots held (by snapshots and transactions).</param>
/// <param name="BackgroundErrors">Errors RocksDB's background work hit since the store opened (a full disk, an I/O error); after one, writes may be refused.</param>
/// <param name="WritesStopped">True when RocksDB is refusing writes until compaction catches up.</param>
/// <param name="DelayedWriteRate">The rate, in bytes per second, writes are slowed to while compaction catches up; 0 when they are not slowed.</param>
public sealed record KeyValueStatistics(
    int Namespaces,
    long EstimatedKeys,
    long LiveDataBytes,
    long SstFilesBytes,
    long MemtableBytes,
    long ImmutableMemtables,
    long BlockCacheBytes,
    long PendingCompactionBytes,
    long RunningCompactions,
    long RunningFlushes,
    long OpenSnapshots,
    long BackgroundErrors,
    bool WritesStopped,
    long DelayedWriteRate)
{
    /// <summary>Reads the figures from the open database.</summary>
    internal static unsafe KeyValueStatistics Read(StoreHandle handle, IReadOnlyList<ColumnFamily> families)
    {
        var api = Native.Instance;
        long Database(string name)
        {
            ulong value = 0;
            return api.rocksdb_property_int(handle.BaseDb, name, (IntPtr)(&value)) == 0 ? (long)value : 0;
        }
        long Sum(string name)
        {
            long total = 0;
            foreach (var family in families)
            {
                ulong value = 0;
                if (api.rocksdb_property_int_cf(handle.BaseDb, family.Handle, name, (IntPtr)(&value)) == 0) total += (long)value;
            }
            return total;
        }
        handle.Enter();
        try
        {
            return new KeyValueStatistics(
                families.Count(f => !f.Name.StartsWith("__", StringComparison.Ordinal)),
                Sum("rocksdb.estimate-num-keys"),
                Sum("rocksdb.estimate-live-data-size"),
                Sum("rocksdb.total-sst-files-size"),
                Sum("rocksdb.cur-size-all-mem-tables"),
                Sum("rocksdb.num-immutable-mem-table"),
                Database("rocksdb.block-cache-usage"),
                Sum("rocksdb.estimate-pending-compaction-bytes"),
                Database("rocksdb.num-running-compactions"),
                Database("rocksdb.num-running-flushes"),
                Database("rocksdb.num-snapshots"),
                Database("rocksdb.background-errors"),
                Database("rocksdb.is-write-stopped") != 0,
                Database("rocksdb.actual-delayed-write-rate"));
        }
        finally
        {
            handle.Exit();
        }
    }

    /// <summary>The figures as flat name/value pairs, for a health-check response or a log scope.</summary>
    public IReadOnlyDictionary<string, object> ToData() => new Dictionary<string, object>
    {
        ["namespaces"] = Namespaces,
        ["keys.estimated"] = EstimatedKeys,
        ["live_data.bytes"] = LiveDataBytes,
        ["sst.bytes"] = SstFilesBytes,
        ["memtable.bytes"] = MemtableBytes,
        ["memtable.immutable"] = ImmutableMemtables,
        ["block_cache.bytes"] = BlockCacheBytes,
        ["compaction.pending_bytes"] = PendingCompactionBytes,
        ["compaction.running"] = RunningCompactions,
        ["flush.running"] = RunningFlushes,
        ["snapshots"] = OpenSnapshots,
        ["background_errors"] = BackgroundErrors,
        ["writes.stopped"] = WritesStopped,
        ["writes.delayed_rate"] = DelayedWriteRate,
    };
}
