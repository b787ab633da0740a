using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>A RocksDB snapshot of the database, with read options that read through it.</summary>
internal sealed class SnapshotHandle : ChildHandle
{
    private readonly StoreHandle _store;

    public SnapshotHandle(StoreHandle store, ChildRegistry registry) : base(store, registry)
    {
        _store = store;
        var api = Native.Instance;
        SetHandle(api.rocksdb_create_snapshot(store.BaseDb));
        ReadOptions = api.rocksdb_readoptions_create();
        api.rocksdb_readoptions_set_snapshot(ReadOptions, handle);
    }

    public IntPtr Snapshot => handle;

    public IntPtr ReadOptions { get; }

    protected override void Free()
    {
        var api = Native.Instance;
        if (ReadOptions != IntPtr.Zero) api.rocksdb_readoptions_destroy(ReadOptions);
        if (handle != IntPtr.Zero) api.rocksdb_release_snapshot(_store.BaseDb, handle);
    }
}
