using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// A namespace of a key-value store (a RocksDB column family): keys of its own, ordered, read and written directly.
/// Get one with <see cref="KeyValueStore.Namespace"/>; the store itself is the namespace <c>default</c>. Thread-safe.
/// </summary>
/// <remarks>
/// Namespaces separate kinds of data (users, sessions, an index) so that each can be scanned, dropped or tuned alone,
/// and share the store's write-ahead log, so a batch or transaction can span several of them atomically.
/// </remarks>
public class KeyValueNamespace : KeyValueWriter
{
    private protected KeyValueNamespace(KeyValueStore? store, ColumnFamily family, ReadSource source) : base(store, family, source)
    {
    }

    internal static KeyValueNamespace Create(KeyValueStore store, ColumnFamily family) => new(store, family, store.Source);

    /// <summary>
    /// A new, empty batch whose puts and deletes go to this namespace (<see cref="KeyValueBatch.In"/> adds others);
    /// nothing is written until <see cref="WriteAsync"/>.
    /// </summary>
    public KeyValueBatch CreateBatch() => new(Store, Family, []);

    /// <summary>
    /// Writes every put and delete of <paramref name="batch"/> (in any namespaces of this store) all-or-nothing: after a
    /// crash either all of them are there or none is. With <see cref="KeyValueOptions.Sync"/> on, durable when it returns.
    /// </summary>
    /// <param name="batch">The batch; it can be written again or cleared afterwards.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The batch is null.</exception>
    /// <exception cref="ArgumentException">The batch belongs to another store.</exception>
    /// <exception cref="DatabaseException">RocksDB failed; nothing of the batch was written.</exception>
    public ValueTask WriteAsync(KeyValueBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(batch.Store, Store))
            throw new ArgumentException($"The batch was created by another key-value store ({batch.Store.Path}); write it there.", nameof(batch));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfUnusable();
            batch.ThrowIfDropped();
            var scope = OperationScope.Start(Store.Path, "write_batch", Family.Name);
            if (scope.Activity is { IsAllDataRequested: true } activity) activity.SetTag("strata.kv.batch.size", batch.Count);
            try
            {
                var bytes = batch.WriteTo(Store.Handle);
                scope.Complete();
                KeyValueTelemetry.RecordBytes(Store.Path, 0, bytes);
            }
            catch (RocksStatus status)
            {
                throw Failed(scope, status, "write_batch");
            }
            catch (Exception e)
            {
                scope.Fail(e);
                throw;
            }
            return default;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    private protected override unsafe void WriteCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        var handle = Store.Handle;
        handle.Enter();
        try
        {
            handle.Writing("put");
            IntPtr error;
            fixed (byte* k = key)
            fixed (byte* v = stored)
            {
                Native.Instance.rocksdb_put_cf(handle.BaseDb, handle.Options.Write, Family.Handle, k, (nuint)key.Length, v, (nuint)stored.Length, out error);
            }
            RocksStatus.Check(error);
        }
        finally
        {
            handle.Exit();
        }
    }

    private protected override unsafe void DeleteCore(ReadOnlySpan<byte> key)
    {
        var handle = Store.Handle;
        handle.Enter();
        try
        {
            handle.Writing("delete");
            IntPtr error;
            fixed (byte* k = key)
            {
                Native.Instance.rocksdb_delete_cf(handle.BaseDb, handle.Options.Write, Family.Handle, k, (nuint)key.Length, out error);
            }
            RocksStatus.Check(error);
        }
        finally
        {
            handle.Exit();
        }
    }

    private protected override long IncrementCore(ReadOnlySpan<byte> key, long delta, TimeSpan? expiresAfter) =>
        Store.Increment(Family, key, delta, expiresAfter);
}
