using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// Where reads go: the latest data (<see cref="DatabaseSource"/>), a snapshot (<see cref="SnapshotSource"/>) or a
/// transaction (<see cref="TransactionSource"/>, whose reads are tracked for conflicts and see its own writes).
/// </summary>
internal abstract unsafe class ReadSource
{
    /// <summary>The handle each read holds a reference on while it runs.</summary>
    public abstract SafeHandle Owner { get; }

    /// <summary>The snapshot iterators read through, or zero for the latest data.</summary>
    public abstract IntPtr Snapshot { get; }

    /// <summary>
    /// Reads one key into a buffer RocksDB allocates (zero when absent; free it with <c>rocksdb_free</c>);
    /// <paramref name="error"/> is a RocksDB status to check. One native call and a free, as the binding's own <c>Get</c>
    /// makes: cheaper, for small values, than a pinnable slice's three calls.
    /// </summary>
    public abstract IntPtr Get(IntPtr family, byte* key, nuint length, out nuint valueLength, out IntPtr error);

    /// <summary>Creates an iterator with <paramref name="readOptions"/> (which carries the snapshot and bounds).</summary>
    public abstract IntPtr CreateIterator(IntPtr readOptions, IntPtr family);
}

/// <summary>Reads of the latest committed data.</summary>
internal sealed unsafe class DatabaseSource(StoreHandle store) : ReadSource
{
    public override SafeHandle Owner => store;

    public override IntPtr Snapshot => IntPtr.Zero;

    public override IntPtr Get(IntPtr family, byte* key, nuint length, out nuint valueLength, out IntPtr error) =>
        Native.Instance.rocksdb_get_cf(store.BaseDb, store.Options.Read, family, key, length, out valueLength, out error);

    public override IntPtr CreateIterator(IntPtr readOptions, IntPtr family) =>
        Native.Instance.rocksdb_create_iterator_cf(store.BaseDb, readOptions, family);
}

/// <summary>Reads through a snapshot.</summary>
internal sealed unsafe class SnapshotSource(StoreHandle store, SnapshotHandle snapshot) : ReadSource
{
    public override SafeHandle Owner => snapshot;

    public override IntPtr Snapshot => snapshot.Snapshot;

    public override IntPtr Get(IntPtr family, byte* key, nuint length, out nuint valueLength, out IntPtr error) =>
        Native.Instance.rocksdb_get_cf(store.BaseDb, snapshot.ReadOptions, family, key, length, out valueLength, out error);

    public override IntPtr CreateIterator(IntPtr readOptions, IntPtr family) =>
        Native.Instance.rocksdb_create_iterator_cf(store.BaseDb, readOptions, family);
}

/// <summary>
/// Reads in a transaction: point reads are <c>GetForUpdate</c> (tracked, so a concurrent write to a key the transaction
/// read makes its commit fail), iterators see the transaction's snapshot merged with its own writes (not tracked).
/// </summary>
internal sealed unsafe class TransactionSource(TransactionHandle transaction) : ReadSource
{
    public override SafeHandle Owner => transaction;

    public override IntPtr Snapshot => transaction.Snapshot;

    public override IntPtr Get(IntPtr family, byte* key, nuint length, out nuint valueLength, out IntPtr error) =>
        Native.Instance.rocksdb_transaction_get_for_update_cf(transaction.Transaction, transaction.ReadOptions, family, key, length, out valueLength, 1, out error);

    public override IntPtr CreateIterator(IntPtr readOptions, IntPtr family) =>
        Native.Instance.rocksdb_transaction_create_iterator_cf(transaction.Transaction, readOptions, family);
}
