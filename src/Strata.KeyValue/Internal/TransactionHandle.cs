using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// An optimistic transaction, begun with a snapshot: its reads see the data as of its start plus its own writes, and
/// commit fails (RocksDB's <c>Busy</c>) when a key it read for update or wrote was written by someone else since.
/// </summary>
internal sealed class TransactionHandle : ChildHandle
{
    private IntPtr _snapshot;

    public TransactionHandle(StoreHandle store, ChildRegistry registry) : base(store, registry)
    {
        var api = Native.Instance;
        SetHandle(api.rocksdb_optimistictransaction_begin(store.TransactionDb, store.Options.Write, store.Options.Transaction, IntPtr.Zero));
        // rocksdb_transaction_get_snapshot returns a malloc'ed wrapper of the transaction's own snapshot: freed with rocksdb_free.
        _snapshot = api.rocksdb_transaction_get_snapshot(handle);
        ReadOptions = api.rocksdb_readoptions_create();
        api.rocksdb_readoptions_set_snapshot(ReadOptions, _snapshot);
    }

    public IntPtr Transaction => handle;

    public IntPtr Snapshot => _snapshot;

    public IntPtr ReadOptions { get; }

    protected override void Free()
    {
        var api = Native.Instance;
        if (ReadOptions != IntPtr.Zero) api.rocksdb_readoptions_destroy(ReadOptions);
        if (_snapshot != IntPtr.Zero) api.rocksdb_free(_snapshot);
        _snapshot = IntPtr.Zero;
        if (handle != IntPtr.Zero) api.rocksdb_transaction_destroy(handle);
    }
}
