using System.Buffers;
using Strata.KeyValue.Internal;

namespace Strata.KeyValue;

/// <summary>
/// Reads and writes of one namespace: what <see cref="KeyValueReader"/> reads, plus puts (of bytes or typed values,
/// optionally expiring), deletes and atomic counters. Written directly by a <see cref="KeyValueNamespace"/> (each write
/// is durable when it returns, with <see cref="KeyValueOptions.Sync"/> on), or buffered by a <see cref="KeyValueTransaction"/>
/// until it commits.
/// </summary>
/// <remarks>
/// Like reads, writes run on the caller's thread and return completed tasks. With <see cref="KeyValueOptions.Sync"/> on,
/// a direct write waits for the disk (about a millisecond on an SSD; concurrent writers share one flush); off, it takes
/// microseconds.
/// </remarks>
public abstract class KeyValueWriter : KeyValueReader
{
    private const int StackValue = 512;

    private protected KeyValueWriter(KeyValueStore? store, ColumnFamily family, ReadSource source) : base(store, family, source)
    {
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value (and expiry) it had.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The bytes to store (copied; empty is allowed).</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The key or value is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="DatabaseException">RocksDB failed (<see cref="KeyValueStoreAccessException"/> when the disk refuses writes).</exception>
    public ValueTask PutAsync(StoreKey key, byte[] value, CancellationToken cancellationToken = default) =>
        PutBytes(key, value, null, cancellationToken);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> until <paramref name="expiresAfter"/> has passed; then it reads as absent.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The bytes to store (copied).</param>
    /// <param name="expiresAfter">How long the key lives, from now by <see cref="KeyValueOptions.TimeProvider"/>; must be positive.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The key or value is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAfter"/> is not positive.</exception>
    /// <remarks>Expired values stop being returned at once and leave the disk when compaction rewrites their files.</remarks>
    public ValueTask PutAsync(StoreKey key, byte[] value, TimeSpan expiresAfter, CancellationToken cancellationToken = default) =>
        PutBytes(key, value, ExpiresAt(expiresAfter), cancellationToken);

    /// <summary>Stores <paramref name="value"/>, serialized by <see cref="KeyValueOptions.Serializer"/>, under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="DatabaseException">RocksDB failed.</exception>
    public ValueTask PutAsync<T>(StoreKey key, T value, CancellationToken cancellationToken = default) =>
        PutTyped(key, value, null, cancellationToken);

    /// <summary>Stores <paramref name="value"/>, serialized, under <paramref name="key"/> until <paramref name="expiresAfter"/> has passed.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAfter">How long the key lives; must be positive.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAfter"/> is not positive.</exception>
    public ValueTask PutAsync<T>(StoreKey key, T value, TimeSpan expiresAfter, CancellationToken cancellationToken = default) =>
        PutTyped(key, value, ExpiresAt(expiresAfter), cancellationToken);

    /// <summary>Removes the value under <paramref name="key"/>; nothing happens when there is none.</summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="cancellationToken">Checked before the write.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="DatabaseException">RocksDB failed.</exception>
    public ValueTask DeleteAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        Span<byte> buffer = stackalloc byte[key.StackBufferLength];
        var keyBytes = key.Encode(buffer, nameof(key));
        try
        {
            Run("delete", keyBytes, [], cancellationToken);
            return default;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException(e);
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the counter under <paramref name="key"/> (a missing or expired key counts as 0)
    /// and returns the new value, atomically: concurrent increments, from any thread, never lose an update.
    /// </summary>
    /// <param name="key">The key: a non-empty string or byte array.</param>
    /// <param name="delta">What to add; may be negative.</param>
    /// <param name="expiresAfter">
    /// When the counter is created by this call, it expires after this long (a fixed window, as rate limits use); an existing
    /// counter keeps its expiry. Null: no expiry for a new counter.
    /// </param>
    /// <param name="cancellationToken">Checked before the work.</param>
    /// <returns>The counter after the addition.</returns>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresAfter"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The key holds a value that is not a counter, or the counter would overflow.</exception>
    /// <remarks>
    /// A counter is stored as its decimal text, so <c>GetAsync&lt;long&gt;</c> reads it. Outside a transaction each
    /// increment is a small optimistic transaction of its own, retried on conflict; inside one, it is part of it.
    /// </remarks>
    public ValueTask<long> IncrementAsync(StoreKey key, long delta = 1, TimeSpan? expiresAfter = null, CancellationToken cancellationToken = default)
    {
        Span<byte> buffer = stackalloc byte[key.StackBufferLength];
        var keyBytes = key.Encode(buffer, nameof(key));
        if (expiresAfter is { } ttl) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(expiresAfter));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfUnusable();
            ThrowIfReadOnly();
            var scope = OperationScope.Start(Store.Path, "increment", Family.Name);
            try
            {
                var result = IncrementCore(keyBytes, delta, expiresAfter);
                scope.Complete();
                KeyValueTelemetry.RecordBytes(Store.Path, 0, keyBytes.Length + 8);
                return new(result);
            }
            catch (RocksStatus status)
            {
                throw Failed(scope, status, "increment");
            }
            catch (Exception e)
            {
                scope.Fail(e);
                throw;
            }
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException<long>(e);
        }
    }

    /// <summary>Writes a stored value (header and bytes) under a key.</summary>
    private protected abstract void WriteCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored);

    /// <summary>Deletes a key.</summary>
    private protected abstract void DeleteCore(ReadOnlySpan<byte> key);

    /// <summary>Adds to a counter and returns its new value.</summary>
    private protected abstract long IncrementCore(ReadOnlySpan<byte> key, long delta, TimeSpan? expiresAfter);

    /// <summary>Throws when writes are not allowed (a read-only transaction).</summary>
    private protected virtual void ThrowIfReadOnly()
    {
    }

    private long? ExpiresAt(TimeSpan expiresAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiresAfter, TimeSpan.Zero);
        return (Store.Time.GetUtcNow() + expiresAfter).ToUnixTimeMilliseconds();
    }

    private ValueTask PutBytes(StoreKey key, byte[] value, long? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> buffer = stackalloc byte[key.StackBufferLength];
        var keyBytes = key.Encode(buffer, nameof(key));
        var length = ValueFormat.HeaderLength(expiresAt) + value.Length;
        byte[]? rented = null;
        Span<byte> stored = length <= StackValue ? stackalloc byte[StackValue] : (rented = ArrayPool<byte>.Shared.Rent(length));
        stored = stored[..length];
        ValueFormat.WriteHeader(stored, expiresAt);
        value.CopyTo(stored[ValueFormat.HeaderLength(expiresAt)..]);
        try
        {
            Run("put", keyBytes, stored, cancellationToken);
            return default;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException(e);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ValueTask PutTyped<T>(StoreKey key, T value, long? expiresAt, CancellationToken cancellationToken)
    {
        Span<byte> buffer = stackalloc byte[key.StackBufferLength];
        var keyBytes = key.Encode(buffer, nameof(key));
        var writer = ValueEncoder.Serialize(Store.Options.Serializer, value, expiresAt);
        try
        {
            Run("put", keyBytes, writer.WrittenSpan, cancellationToken);
            return default;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            return ValueTask.FromException(e);
        }
        finally
        {
            ValueEncoder.Return(writer);
        }
    }

    /// <summary>Runs a put (or, with <paramref name="operation"/> "delete", a delete), measured and with its errors translated.</summary>
    private void Run(string operation, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnusable();
        ThrowIfReadOnly();
        var scope = OperationScope.Start(Store.Path, operation, Family.Name);
        try
        {
            if (operation == "delete") DeleteCore(key);
            else WriteCore(key, stored);
            scope.Complete();
            KeyValueTelemetry.RecordBytes(Store.Path, 0, key.Length + stored.Length);
        }
        catch (RocksStatus status)
        {
            throw Failed(scope, status, operation);
        }
        catch (Exception e)
        {
            scope.Fail(e);
            throw;
        }
    }

    /// <summary>Translates a RocksDB status and records the failure on the operation's scope.</summary>
    private protected DatabaseException Failed(OperationScope scope, RocksStatus status, string operation)
    {
        var translated = KeyValueErrors.Translate(status, Store.Path, Family.Name, operation);
        scope.Fail(translated);
        return translated;
    }
}
