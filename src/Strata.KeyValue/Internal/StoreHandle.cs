using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// The open database: RocksDB's <c>OptimisticTransactionDB</c>, its base database (plain reads and writes go there),
/// the column family handles, and the options that must live as long as the database (write and read options, the
/// column family options new namespaces are created with, the expiry compaction filter).
/// </summary>
/// <remarks>
/// A <see cref="SafeHandle"/>, so that every call holds a reference (<see cref="SafeHandle.DangerousAddRef"/>) and the
/// database is closed only after the last call in flight and the last iterator, snapshot or transaction (each holds a
/// reference for its life) has let go. <see cref="Released"/> completes when it is closed, on whichever thread let go last.
/// </remarks>
internal sealed class StoreHandle : SafeHandle
{
    private readonly List<IntPtr> _families = [];
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NativeOptions _options;

    public StoreHandle(IntPtr database, NativeOptions options) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(database);
        _options = options;
        BaseDb = Native.Instance.rocksdb_optimistictransactiondb_get_base_db(database);
    }

    /// <summary>The base database (a <c>rocksdb_t*</c>), for plain reads, writes, snapshots and properties.</summary>
    public IntPtr BaseDb { get; }

    /// <summary>The <c>OptimisticTransactionDB</c>, for beginning transactions.</summary>
    public IntPtr TransactionDb => handle;

    public NativeOptions Options => _options;

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Completes once the database is closed.</summary>
    public Task Released => _released.Task;

    /// <summary>Keeps a column family handle to destroy before the database closes.</summary>
    public void AddFamily(IntPtr family)
    {
        lock (_families) _families.Add(family);
    }

    protected override bool ReleaseHandle()
    {
        var api = Native.Instance;
        lock (_families)
        {
            // RocksDB requires every column family handle to be destroyed before the database is closed.
            foreach (var family in _families) api.rocksdb_column_family_handle_destroy(family);
            _families.Clear();
        }
        api.rocksdb_optimistictransactiondb_close_base_db(BaseDb);
        api.rocksdb_optimistictransactiondb_close(handle);
        _options.Dispose();
        _released.TrySetResult();
        return true;
    }

    /// <summary>Takes a reference for one call, so the database cannot close under it; <see cref="Exit"/> gives it back.</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void Enter()
    {
        var added = false;
        DangerousAddRef(ref added);
    }

    public void Exit() => DangerousRelease();

    /// <summary>
    /// Called with the operation's name just before each write reaches RocksDB (a put, delete, batch, counter or commit); a
    /// <see cref="RocksStatus"/> it throws is handled as RocksDB's own failure would be. Lets the fault tests fail a chosen write
    /// (Strata.FaultTests); null otherwise.
    /// </summary>
    internal Action<string>? BeforeWrite { get; set; }

    /// <summary>Runs <see cref="BeforeWrite"/>, when set.</summary>
    public void Writing(string operation) => BeforeWrite?.Invoke(operation);
}
