using RocksDbSharp;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>Reads one value found under a key; the span is valid only during the call.</summary>
internal delegate TResult ValueReader<in TState, out TResult>(ReadOnlySpan<byte> value, long? expiresAt, TState state);

/// <summary>
/// Reads of one namespace: point reads (<see cref="GetAsync(StoreKey, CancellationToken)"/>, <see cref="ExistsAsync"/>) and
/// ordered scans (<see cref="ScanAsync(StoreKey, int?, bool, CancellationToken)"/>, <see cref="RangeAsync(StoreKey?, StoreKey?, int?, bool, CancellationToken)"/>).
/// A <see cref="KeyValueNamespace"/> (and the store itself) reads the latest data, a <see cref="KeyValueSnapshot"/> the data
/// as of its creation, a <see cref="KeyValueTransaction"/> its snapshot plus its own writes.
/// </summary>
/// <remarks>
/// <para>
/// The methods are asynchronous in shape, but RocksDB is a synchronous library running in this process: each call does
/// its work on the caller's thread and returns a completed task. A point read takes microseconds (measured in bench/:
/// about 1.2 µs inline, 13 µs when offloaded to the thread pool), so moving it to another thread would cost more than it saves.
/// Wrap a call in <c>Task.Run</c> if a thread must never wait for the disk. Scans read one entry per <c>MoveNextAsync</c>,
/// also on the caller's thread.
/// </para>
/// <para>
/// Keys are ordered bytewise. A key that has expired reads as absent, from the moment it expires by
/// <see cref="KeyValueOptions.TimeProvider"/>, in snapshots too. Thread-safe, except for a transaction, which must be used by
/// one flow at a time.
/// </para>
/// </remarks>
public abstract class KeyValueReader
{
    private readonly KeyValueStore? _store;

    private protected KeyValueReader(KeyValueStore? store, ColumnFamily family, ReadSource source)
    {
        _store = store;
        Family = family;
        Source = source;
    }

    /// <summary>The namespace's name (<c>default</c> for the store's own keys).</summary>
    public string Name => Family.Name;

    internal KeyValueStore Store => _store ?? (KeyValueStore)this;

    internal ColumnFamily Family { get; }

    internal ReadSource Source { get; }

    /// <summary>Throws when the reader can no longer be used (store disposed, snapshot disposed, transaction ended, namespace dropped).</summary>
    internal virtual void ThrowIfUnusable()
    {
        Store.ThrowIfDisposed();
        if (Family.Dropped) throw new InvalidOperationException($"The namespace '{Family.Name}' of the key-value store {Store.Path} was dropped: get it again with Namespace(\"{Family.Name}\") to create it anew.");
    }

    /// <summary>The value stored under <paramref name="key"/>, or null when there is none (or it has expired).</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="cancellationToken">Checked before the read.</param>
    /// <returns>A new array with the value's bytes.</returns>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store (or snapshot) was disposed.</exception>
    /// <exception cref="DatabaseException">RocksDB failed (<see cref="KeyValueStoreCorruptedException"/> for damaged data).</exception>
    public ValueTask<byte[]?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(Read(key, "get", 0, static (value, _, _) => value.ToArray(), (byte[]?)null, cancellationToken));
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException<byte[]?>(e);
        }
    }

    /// <summary>
    /// The value stored under <paramref name="key"/>, deserialized by <see cref="KeyValueOptions.Serializer"/>; the default
    /// of <typeparamref name="T"/> when there is none (ask for a nullable type, <c>GetAsync&lt;int?&gt;</c>, to tell a missing
    /// key from a stored zero, or use <see cref="ExistsAsync"/>).
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="cancellationToken">Checked before the read.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="FormatException">The stored bytes are not a <typeparamref name="T"/> for the serializer.</exception>
    /// <exception cref="DatabaseException">RocksDB failed.</exception>
    public ValueTask<T?> GetAsync<T>(StoreKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(Read(key, "get", Store.Options.Serializer, static (value, _, serializer) => serializer.Deserialize<T>(value), default(T), cancellationToken));
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException<T?>(e);
        }
    }

    /// <summary>True when a value is stored under <paramref name="key"/> and has not expired.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="cancellationToken">Checked before the read.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="DatabaseException">RocksDB failed.</exception>
    public ValueTask<bool> ExistsAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            return new(Read(key, "exists", 0, static (_, _, _) => true, false, cancellationToken));
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException<bool>(e);
        }
    }

    /// <summary>
    /// The keys starting with <paramref name="prefix"/>, in byte order (or reverse order), with their values, streamed:
    /// each entry is read when the enumeration asks for it, so a scan holds one entry in memory whatever the range.
    /// </summary>
    /// <param name="prefix">The prefix; empty for every key of the namespace.</param>
    /// <param name="limit">The most entries to return; all when null.</param>
    /// <param name="reverse">Return the entries from the last key down.</param>
    /// <param name="cancellationToken">Checked before each entry (as is the enumerator's token).</param>
    /// <returns>
    /// An enumerable that opens a RocksDB iterator on its first <c>MoveNextAsync</c> and frees it at the end, at the limit,
    /// on an error, or when the enumeration is disposed (<c>await foreach</c> does so when left early). Enumerating it
    /// twice scans twice. Outside a snapshot or transaction each scan sees the data as of its start.
    /// </returns>
    /// <exception cref="ArgumentNullException">The prefix is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public IAsyncEnumerable<KeyValueEntry> ScanAsync(StoreKey prefix, int? limit = null, bool reverse = false, CancellationToken cancellationToken = default) =>
        Scan(prefix, limit, reverse, static (key, value, expiresAt, _) => new KeyValueEntry(key, value.ToArray(), ExpiresAt(expiresAt)), cancellationToken);

    /// <summary>
    /// The keys starting with <paramref name="prefix"/> with their values deserialized to <typeparamref name="T"/>,
    /// streamed as <see cref="ScanAsync(StoreKey, int?, bool, CancellationToken)"/> does.
    /// </summary>
    /// <typeparam name="T">The values' type.</typeparam>
    /// <param name="prefix">The prefix; empty for every key of the namespace.</param>
    /// <param name="limit">The most entries to return; all when null.</param>
    /// <param name="reverse">Return the entries from the last key down.</param>
    /// <param name="cancellationToken">Checked before each entry.</param>
    /// <exception cref="ArgumentNullException">The prefix is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    /// <exception cref="FormatException">(While enumerating) a value is not a <typeparamref name="T"/>.</exception>
    public IAsyncEnumerable<KeyValueEntry<T>> ScanAsync<T>(StoreKey prefix, int? limit = null, bool reverse = false, CancellationToken cancellationToken = default) =>
        Scan(prefix, limit, reverse, static (key, value, expiresAt, serializer) => new KeyValueEntry<T>(key, serializer.Deserialize<T>(value)!, ExpiresAt(expiresAt)), cancellationToken);

    /// <summary>
    /// The keys from <paramref name="from"/> (included) up to <paramref name="to"/> (excluded), in byte order (or reverse
    /// order), with their values, streamed as <see cref="ScanAsync(StoreKey, int?, bool, CancellationToken)"/> does.
    /// </summary>
    /// <param name="from">The first key, included; null for the namespace's first key.</param>
    /// <param name="to">The end, excluded; null for past the namespace's last key.</param>
    /// <param name="limit">The most entries to return; all when null.</param>
    /// <param name="reverse">Return the entries from the last key before <paramref name="to"/> down to <paramref name="from"/>.</param>
    /// <param name="cancellationToken">Checked before each entry.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public IAsyncEnumerable<KeyValueEntry> RangeAsync(StoreKey? from, StoreKey? to, int? limit = null, bool reverse = false, CancellationToken cancellationToken = default) =>
        Range(from, to, limit, reverse, static (key, value, expiresAt, _) => new KeyValueEntry(key, value.ToArray(), ExpiresAt(expiresAt)), cancellationToken);

    /// <summary>The keys from <paramref name="from"/> (included) up to <paramref name="to"/> (excluded) with typed values, streamed.</summary>
    /// <typeparam name="T">The values' type.</typeparam>
    /// <param name="from">The first key, included; null for the namespace's first key.</param>
    /// <param name="to">The end, excluded; null for past the namespace's last key.</param>
    /// <param name="limit">The most entries to return; all when null.</param>
    /// <param name="reverse">Return the entries from the last key down.</param>
    /// <param name="cancellationToken">Checked before each entry.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public IAsyncEnumerable<KeyValueEntry<T>> RangeAsync<T>(StoreKey? from, StoreKey? to, int? limit = null, bool reverse = false, CancellationToken cancellationToken = default) =>
        Range(from, to, limit, reverse, static (key, value, expiresAt, serializer) => new KeyValueEntry<T>(key, serializer.Deserialize<T>(value)!, ExpiresAt(expiresAt)), cancellationToken);

    private EntryEnumerable<TEntry> Scan<TEntry>(StoreKey prefix, int? limit, bool reverse, EntryFactory<TEntry> factory, CancellationToken cancellationToken)
    {
        var lower = prefix.ToOwnedArray(nameof(prefix), allowEmpty: true);
        return new EntryEnumerable<TEntry>(this, lower, KeyBytes.PrefixEnd(lower), Limit(limit), reverse, "scan", factory, cancellationToken);
    }

    private EntryEnumerable<TEntry> Range<TEntry>(StoreKey? from, StoreKey? to, int? limit, bool reverse, EntryFactory<TEntry> factory, CancellationToken cancellationToken)
    {
        var lower = from is { IsNull: false } f ? f.ToOwnedArray(nameof(from), allowEmpty: true) : [];
        var upper = to is { IsNull: false } t ? t.ToOwnedArray(nameof(to), allowEmpty: true) : null;
        return new EntryEnumerable<TEntry>(this, lower, upper, Limit(limit), reverse, "range", factory, cancellationToken);
    }

    private static int Limit(int? limit)
    {
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must not be negative: give the most entries to return, or null for all.");
        return limit ?? int.MaxValue;
    }

    internal static DateTimeOffset? ExpiresAt(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>
    /// Reads <paramref name="key"/> through <see cref="Source"/> and hands the value (without Strata's header) to
    /// <paramref name="found"/>, or returns <paramref name="missing"/>; measured as <paramref name="operation"/>.
    /// </summary>
    internal unsafe TResult Read<TState, TResult>(StoreKey key, string operation, TState state, ValueReader<TState, TResult> found, TResult missing,
        CancellationToken cancellationToken)
    {
        Span<byte> buffer = stackalloc byte[key.StackBufferLength];
        var keyBytes = key.Encode(buffer, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnusable();
        var scope = OperationScope.Start(Store.Path, operation, Family.Name);
        var owner = Source.Owner;
        var entered = false;
        try
        {
            owner.DangerousAddRef(ref entered);
            IntPtr data;
            nuint length;
            IntPtr error;
            fixed (byte* k = keyBytes) data = Source.Get(Family.Handle, k, (nuint)keyBytes.Length, out length, out error);
            RocksStatus.Check(error);
            var result = missing;
            long bytes = keyBytes.Length;
            if (data != IntPtr.Zero)
            {
                try
                {
                    if (ValueFormat.TryRead(new ReadOnlySpan<byte>((byte*)data, checked((int)length)), Store.Time, out var value, out var expiresAt))
                    {
                        result = found(value, expiresAt, state);
                        bytes += value.Length;
                    }
                }
                finally
                {
                    Native.Instance.rocksdb_free(data);
                }
            }
            scope.Complete();
            KeyValueTelemetry.RecordBytes(Store.Path, bytes, 0);
            return result;
        }
        catch (RocksStatus status)
        {
            var error = KeyValueErrors.Translate(status, Store.Path, Family.Name, operation);
            scope.Fail(error);
            throw error;
        }
        catch (Exception e)
        {
            scope.Fail(e);
            throw;
        }
        finally
        {
            if (entered) owner.DangerousRelease();
        }
    }
}
