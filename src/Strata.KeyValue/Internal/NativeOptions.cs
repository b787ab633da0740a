using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// The native option objects of one store: the database options (used to open it), the column family options (used to
/// open and create namespaces, holding the expiry compaction filter), and the write and read options every call uses.
/// </summary>
/// <remarks>Disposed after the database closes: the compaction filter is referenced, not copied, by RocksDB.</remarks>
internal sealed class NativeOptions : IDisposable
{
    private bool _disposed;

    public NativeOptions(KeyValueOptions options, ExpiryFilter filter, RocksLog log)
    {
        var api = Native.Instance;
        Filter = filter;
        Log = log;
        Database = api.rocksdb_options_create();
        api.rocksdb_options_set_info_log(Database, log.Handle);
        api.rocksdb_options_set_create_if_missing(Database, options.CreateIfMissing ? (byte)1 : (byte)0);
        api.rocksdb_options_increase_parallelism(Database, Math.Max(2, Environment.ProcessorCount));
        // One column family options object for every namespace, so that they share one table factory and block cache.
        Family = api.rocksdb_options_create();
        Configure(Family, options, filter);
        Write = api.rocksdb_writeoptions_create();
        api.rocksdb_writeoptions_set_sync(Write, options.Sync ? (byte)1 : (byte)0);
        Read = api.rocksdb_readoptions_create();
        Transaction = api.rocksdb_optimistictransaction_options_create();
        // Each transaction validates against a snapshot taken when it begins: a key it read or wrote that anyone else
        // wrote since then is a conflict at commit.
        api.rocksdb_optimistictransaction_options_set_set_snapshot(Transaction, 1);
    }

    /// <summary>The options every optimistic transaction begins with.</summary>
    public IntPtr Transaction { get; }

    /// <summary>The database options: used at open only.</summary>
    public IntPtr Database { get; }

    /// <summary>The options every column family is opened or created with.</summary>
    public IntPtr Family { get; }

    /// <summary>The write options of every write: sync or not, as the store's options say.</summary>
    public IntPtr Write { get; }

    /// <summary>Default read options (latest data, no snapshot).</summary>
    public IntPtr Read { get; }

    public ExpiryFilter Filter { get; }

    /// <summary>Where RocksDB's own log lines go.</summary>
    public RocksLog Log { get; }

    private static void Configure(IntPtr target, KeyValueOptions options, ExpiryFilter filter)
    {
        var api = Native.Instance;
        if (options.WriteBufferSize is { } writeBuffer) api.rocksdb_options_set_write_buffer_size(target, checked((UIntPtr)(ulong)writeBuffer));
        // Optimistic transactions check conflicts against the memtables; keeping some flushed history lets a transaction
        // that spans a flush still be checked instead of failing with TryAgain.
        api.rocksdb_options_set_max_write_buffer_size_to_maintain(target, options.WriteBufferSize ?? 64L * 1024 * 1024);
        if (options.BlockCacheSize is { } cacheSize)
        {
            var table = api.rocksdb_block_based_options_create();
            var cache = api.rocksdb_cache_create_lru(checked((UIntPtr)(ulong)cacheSize));
            api.rocksdb_block_based_options_set_block_cache(table, cache);
            api.rocksdb_options_set_block_based_table_factory(target, table);
            // The table factory holds its own reference to the cache and a copy of the table options.
            api.rocksdb_cache_destroy(cache);
            api.rocksdb_block_based_options_destroy(table);
        }
        api.rocksdb_options_set_compaction_filter(target, filter.Handle);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var api = Native.Instance;
        api.rocksdb_options_destroy(Database);
        api.rocksdb_options_destroy(Family);
        api.rocksdb_writeoptions_destroy(Write);
        api.rocksdb_readoptions_destroy(Read);
        api.rocksdb_optimistictransaction_options_destroy(Transaction);
        Filter.Dispose();
        Log.Dispose();
    }
}
