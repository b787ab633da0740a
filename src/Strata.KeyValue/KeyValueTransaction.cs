using System.Diagnostics;
using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// An optimistic transaction over the store's namespaces: reads see the data as of its start plus its own writes; writes
/// are buffered and applied all-or-nothing by <see cref="CommitAsync"/>, which fails with
/// <see cref="SerializationFailureException"/> (transient) when a key the transaction read with <c>GetAsync</c>/<c>ExistsAsync</c>
/// or wrote was written by anyone else since it began. Nothing is locked while it runs.
/// </summary>
/// <remarks>
/// <para>
/// Prefer <see cref="KeyValueStore.TransactionAsync{T}(Func{KeyValueTransaction, Task{T}}, TransactionOptions?, CancellationToken)"/>,
/// which commits, rolls back on an exception and re-runs the whole delegate on a conflict as
/// <see cref="TransactionOptions.Retries"/> allows, as <c>Database.TransactionAsync</c> does on the SQL side.
/// </para>
/// <para>
/// Scans inside a transaction see its snapshot and its own writes, but their keys are not checked for conflicts (a key
/// inserted by someone else into a scanned range does not fail the commit): read the keys that matter with
/// <see cref="KeyValueReader.GetAsync(StoreKey, CancellationToken)"/>. Not thread-safe: use it from one flow at a time.
/// Dispose it (the delegate form does) to free its native resources; disposing an uncommitted transaction rolls it back.
/// </para>
/// </remarks>
public sealed class KeyValueTransaction : KeyValueWriter, IAsyncDisposable, IDisposable
{
    private readonly TransactionState _state;
    private readonly bool _root;

    private KeyValueTransaction(KeyValueStore store, ColumnFamily family, TransactionState state, bool root)
        : base(store, family, state.Source)
    {
        _state = state;
        _root = root;
    }

    internal static KeyValueTransaction Begin(KeyValueStore store, bool readOnly, List<KeyValuePlannedWrite>? recorder)
    {
        var handle = new TransactionHandle(store.Handle, store.Children);
        return new KeyValueTransaction(store, store.Family, new TransactionState(handle, readOnly, recorder), root: true);
    }

    /// <summary>True until the transaction is committed, rolled back or disposed.</summary>
    public bool IsActive => !_state.Completed;

    /// <summary>How many puts, deletes and increments the transaction has made.</summary>
    public int WriteCount => _state.Writes;

    /// <summary>True when the transaction was begun read-only: writes are refused.</summary>
    public bool IsReadOnly => _state.ReadOnly;

    /// <summary>A view of this transaction that reads and writes <paramref name="target"/>, a namespace of the same store; committing either commits both.</summary>
    /// <param name="target">The namespace.</param>
    /// <exception cref="ArgumentException">The namespace belongs to another store.</exception>
    public KeyValueTransaction In(KeyValueNamespace target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ReferenceEquals(target.Store, Store)) throw new ArgumentException("The namespace belongs to another key-value store than the transaction.", nameof(target));
        return new KeyValueTransaction(Store, target.Family, _state, root: false);
    }

    /// <summary>Applies the transaction's writes atomically (durably, with <see cref="KeyValueOptions.Sync"/> on) and ends it.</summary>
    /// <param name="cancellationToken">Checked before committing.</param>
    /// <exception cref="SerializationFailureException">A key it read or wrote was written by someone else since it began; nothing was written. Transient: run the whole transaction again.</exception>
    /// <exception cref="InvalidOperationException">The transaction has already ended.</exception>
    /// <exception cref="DatabaseException">RocksDB failed; nothing was written.</exception>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfUnusable();
            var scope = OperationScope.Start(Store.Path, "commit", Family.Name);
            if (scope.Activity is { IsAllDataRequested: true } activity) activity.SetTag("strata.kv.writes", _state.Writes);
            var handle = _state.Handle;
            var entered = false;
            try
            {
                handle.DangerousAddRef(ref entered);
                _state.Completed = true;
                Store.Handle.Writing("commit");
                Counters.Commit(handle);
                scope.Complete();
            }
            catch (RocksStatus status)
            {
                if (status.IsConflict) KeyValueTelemetry.RecordConflict(Store.Path);
                throw Failed(scope, status, "commit");
            }
            catch (Exception e)
            {
                scope.Fail(e);
                throw;
            }
            finally
            {
                if (entered) handle.DangerousRelease();
                handle.Dispose();
            }
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>Discards the transaction's writes and ends it. Does nothing when it has already ended.</summary>
    /// <param name="cancellationToken">Not used: rolling back is immediate.</param>
    public ValueTask RollbackAsync(CancellationToken cancellationToken = default)
    {
        End();
        return default;
    }

    /// <summary>Rolls the transaction back if it is still active and frees it (only the transaction itself, not a view from <see cref="In"/>).</summary>
    public void Dispose()
    {
        if (_root) End();
    }

    /// <summary>Rolls the transaction back if it is still active and frees it.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private void End()
    {
        // Destroying a RocksDB transaction without committing discards its writes: that is the rollback.
        _state.Completed = true;
        _state.Handle.Dispose();
    }

    internal override void ThrowIfUnusable()
    {
        base.ThrowIfUnusable();
        if (_state.Completed) throw new InvalidOperationException("The key-value transaction has ended (committed, rolled back or disposed): begin a new one.");
    }

    private protected override void ThrowIfReadOnly()
    {
        if (_state.ReadOnly) throw new InvalidOperationException("The key-value transaction is read-only (TransactionOptions.ReadOnly): it cannot write.");
    }

    private protected override unsafe void WriteCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        var handle = _state.Handle;
        handle.Enter();
        try
        {
            Store.Handle.Writing("put");
            IntPtr error;
            fixed (byte* k = key)
            fixed (byte* v = stored)
            {
                Native.Instance.rocksdb_transaction_put_cf(handle.Transaction, Family.Handle, k, (nuint)key.Length, v, (nuint)stored.Length, out error);
            }
            RocksStatus.Check(error);
            _state.Record(Family.Name, key, stored.Length);
        }
        finally
        {
            handle.Exit();
        }
    }

    private protected override unsafe void DeleteCore(ReadOnlySpan<byte> key)
    {
        var handle = _state.Handle;
        handle.Enter();
        try
        {
            Store.Handle.Writing("delete");
            IntPtr error;
            fixed (byte* k = key)
            {
                Native.Instance.rocksdb_transaction_delete_cf(handle.Transaction, Family.Handle, k, (nuint)key.Length, out error);
            }
            RocksStatus.Check(error);
            _state.Record(Family.Name, key, null);
        }
        finally
        {
            handle.Exit();
        }
    }

    private protected override long IncrementCore(ReadOnlySpan<byte> key, long delta, TimeSpan? expiresAfter)
    {
        var handle = _state.Handle;
        handle.Enter();
        try
        {
            var value = Counters.Increment(handle, Family, key, delta, expiresAfter, Store.Time);
            _state.Record(Family.Name, key, 8);
            return value;
        }
        finally
        {
            handle.Exit();
        }
    }

    /// <summary>What a transaction and its views share.</summary>
    private sealed class TransactionState(TransactionHandle handle, bool readOnly, List<KeyValuePlannedWrite>? recorder)
    {
        public TransactionHandle Handle { get; } = handle;

        public TransactionSource Source { get; } = new(handle);

        public bool ReadOnly { get; } = readOnly;

        public bool Completed { get; set; }

        public int Writes { get; private set; }

        public void Record(string collection, ReadOnlySpan<byte> key, int? valueLength)
        {
            Writes++;
            recorder?.Add(new KeyValuePlannedWrite(collection, key.ToArray(), valueLength is null ? KeyValueWriteKind.Delete : KeyValueWriteKind.Put, valueLength ?? 0));
        }
    }
}
