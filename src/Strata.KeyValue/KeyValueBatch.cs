using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// Puts and deletes collected in memory and written all-or-nothing by <see cref="KeyValueNamespace.WriteAsync"/>. Create
/// one with <see cref="KeyValueNamespace.CreateBatch"/>; <see cref="In"/> gives a view that adds to the same batch in
/// another namespace. Operations apply in the order they were added (a later put of a key wins).
/// </summary>
/// <remarks>
/// Mutable and not thread-safe: fill it from one flow. Keys and values are copied when added, and typed values
/// serialized then, so changing them afterwards does not change the batch; expiries count from when they are added.
/// The whole batch is held in memory until written.
/// </remarks>
public sealed class KeyValueBatch
{
    private readonly ColumnFamily _family;
    private readonly List<(ColumnFamily Family, byte[] Key, byte[]? Stored)> _operations;

    internal KeyValueBatch(KeyValueStore store, ColumnFamily family, List<(ColumnFamily, byte[], byte[]?)> operations)
    {
        Store = store;
        _family = family;
        _operations = operations;
    }

    internal KeyValueStore Store { get; }

    /// <summary>How many puts and deletes the batch holds (in every namespace).</summary>
    public int Count => _operations.Count;

    /// <summary>The namespace this view adds to.</summary>
    public string Namespace => _family.Name;

    /// <summary>A view of this batch that adds to <paramref name="target"/> (a namespace of the same store).</summary>
    /// <param name="target">The namespace.</param>
    /// <exception cref="ArgumentException">The namespace belongs to another store.</exception>
    public KeyValueBatch In(KeyValueNamespace target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ReferenceEquals(target.Store, Store)) throw new ArgumentException("The namespace belongs to another key-value store than the batch.", nameof(target));
        return new KeyValueBatch(Store, target.Family, _operations);
    }

    /// <summary>Adds a put of <paramref name="value"/> under <paramref name="key"/>.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The bytes (copied now).</param>
    /// <exception cref="ArgumentNullException">The key or value is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Put(StoreKey key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _operations.Add((_family, key.ToOwnedArray(nameof(key)), ValueFormat.Encode(value, null)));
    }

    /// <summary>Adds a put of <paramref name="value"/> under <paramref name="key"/>, expiring <paramref name="expiresAfter"/> from now.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The bytes (copied now).</param>
    /// <param name="expiresAfter">How long the key lives; must be positive.</param>
    /// <exception cref="ArgumentNullException">The key or value is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAfter"/> is not positive.</exception>
    public void Put(StoreKey key, byte[] value, TimeSpan expiresAfter)
    {
        ArgumentNullException.ThrowIfNull(value);
        _operations.Add((_family, key.ToOwnedArray(nameof(key)), ValueFormat.Encode(value, ExpiresAt(expiresAfter))));
    }

    /// <summary>Adds a put of <paramref name="value"/>, serialized now by the store's serializer, under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Put<T>(StoreKey key, T value) => AddTyped(key, value, null);

    /// <summary>Adds a put of <paramref name="value"/>, serialized now, under <paramref name="key"/>, expiring <paramref name="expiresAfter"/> from now.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAfter">How long the key lives; must be positive.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAfter"/> is not positive.</exception>
    public void Put<T>(StoreKey key, T value, TimeSpan expiresAfter) => AddTyped(key, value, ExpiresAt(expiresAfter));

    /// <summary>Adds a delete of <paramref name="key"/>.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Delete(StoreKey key) => _operations.Add((_family, key.ToOwnedArray(nameof(key)), null));

    /// <summary>Removes every operation (in every namespace), so the batch can be filled again.</summary>
    public void Clear() => _operations.Clear();

    private void AddTyped<T>(StoreKey key, T value, long? expiresAt)
    {
        var bytes = key.ToOwnedArray(nameof(key));
        var writer = ValueEncoder.Serialize(Store.Options.Serializer, value, expiresAt);
        try
        {
            _operations.Add((_family, bytes, writer.WrittenSpan.ToArray()));
        }
        finally
        {
            ValueEncoder.Return(writer);
        }
    }

    private long ExpiresAt(TimeSpan expiresAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresAfter, TimeSpan.Zero);
        return (Store.Time.GetUtcNow() + expiresAfter).ToUnixTimeMilliseconds();
    }

    internal void ThrowIfDropped()
    {
        foreach (var (family, _, _) in _operations)
        {
            if (family.Dropped) throw new InvalidOperationException($"The batch writes to the namespace '{family.Name}', which was dropped.");
        }
    }

    /// <summary>Writes the batch as one RocksDB write batch; returns the bytes written.</summary>
    internal unsafe long WriteTo(StoreHandle handle)
    {
        var api = Native.Instance;
        var batch = api.rocksdb_writebatch_create();
        long bytes = 0;
        try
        {
            foreach (var (family, key, stored) in _operations)
            {
                fixed (byte* k = key)
                {
                    if (stored is null)
                    {
                        api.rocksdb_writebatch_delete_cf(batch, family.Handle, k, (nuint)key.Length);
                    }
                    else
                    {
                        fixed (byte* v = stored) api.rocksdb_writebatch_put_cf(batch, family.Handle, k, (nuint)key.Length, v, (nuint)stored.Length);
                        bytes += stored.Length;
                    }
                }
                bytes += key.Length;
            }
            handle.Enter();
            try
            {
                handle.Writing("write_batch");
                api.rocksdb_write(handle.BaseDb, handle.Options.Write, batch, out var error);
                RocksStatus.Check(error);
            }
            finally
            {
                handle.Exit();
            }
        }
        finally
        {
            api.rocksdb_writebatch_destroy(batch);
        }
        return bytes;
    }
}
