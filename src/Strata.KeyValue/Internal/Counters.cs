using System.Buffers.Text;
using RocksDbSharp;

namespace Strata.KeyValue.Internal;

/// <summary>
/// Atomic counters: a counter is stored as its decimal text (a JSON number, so typed reads work), read for update and
/// rewritten inside an optimistic transaction, so a concurrent write to the same key is a conflict, never a lost update.
/// </summary>
internal static class Counters
{
    /// <summary>Adds <paramref name="delta"/> to the counter under <paramref name="key"/> in <paramref name="transaction"/> (not committed) and returns the new value.</summary>
    /// <exception cref="InvalidOperationException">The key holds a value that is not a counter, or the counter would overflow.</exception>
    public static unsafe long Increment(TransactionHandle transaction, ColumnFamily family, ReadOnlySpan<byte> key, long delta, TimeSpan? expiresAfter, TimeProvider time)
    {
        var api = Native.Instance;
        long current = 0;
        long? expiresAt = null;
        var found = false;
        fixed (byte* k = key)
        {
            var slice = api.rocksdb_transaction_get_pinned_for_update_cf(transaction.Transaction, transaction.ReadOptions, family.Handle, k, (nuint)key.Length, 1, out var error);
            RocksStatus.Check(error);
            if (slice != IntPtr.Zero)
            {
                try
                {
                    var data = (byte*)api.rocksdb_pinnableslice_value(slice, out var length);
                    if (ValueFormat.TryRead(new ReadOnlySpan<byte>(data, checked((int)length)), time, out var value, out expiresAt))
                    {
                        found = true;
                        if (!Utf8Parser.TryParse(value, out current, out var consumed) || consumed != value.Length)
                            throw new InvalidOperationException(
                                $"IncrementAsync found a value that is not a counter (an integer written as decimal text) under the key given, in namespace '{family.Name}'. " +
                                "Use another key for the counter, or delete the value first.");
                    }
                }
                finally
                {
                    api.rocksdb_pinnableslice_destroy(slice);
                }
            }
            if (!found) expiresAt = expiresAfter is { } ttl ? (time.GetUtcNow() + ttl).ToUnixTimeMilliseconds() : null;
            long next;
            try
            {
                next = checked(current + delta);
            }
            catch (OverflowException e)
            {
                throw new InvalidOperationException($"IncrementAsync would take the counter in namespace '{family.Name}' past the range of a 64-bit integer.", e);
            }
            Span<byte> stored = stackalloc byte[9 + 20];
            var header = ValueFormat.HeaderLength(expiresAt);
            ValueFormat.WriteHeader(stored, expiresAt);
            Utf8Formatter.TryFormat(next, stored[header..], out var written);
            fixed (byte* v = stored)
            {
                api.rocksdb_transaction_put_cf(transaction.Transaction, family.Handle, k, (nuint)key.Length, v, (nuint)(header + written), out error);
            }
            RocksStatus.Check(error);
            return next;
        }
    }

    /// <summary>Commits <paramref name="transaction"/>; a conflict throws a <see cref="RocksStatus"/> whose <see cref="RocksStatus.IsConflict"/> is true.</summary>
    public static void Commit(TransactionHandle transaction)
    {
        Native.Instance.rocksdb_transaction_commit(transaction.Transaction, out var error);
        RocksStatus.Check(error);
    }
}
