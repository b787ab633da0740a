using System.Buffers.Binary;

namespace Strata.KeyValue.Internal;

/// <summary>
/// How Strata stores a value: one format byte, then for an expiring value its expiry (8 bytes, little-endian Unix
/// milliseconds), then the caller's bytes. The byte lets expiring and plain values live side by side in a namespace and
/// lets a later format be told apart from this one.
/// </summary>
internal static class ValueFormat
{
    /// <summary>A value without expiry: <c>[0][value…]</c>.</summary>
    public const byte Plain = 0;

    /// <summary>An expiring value: <c>[1][expiry: 8 bytes][value…]</c>.</summary>
    public const byte Expiring = 1;

    public static int HeaderLength(long? expiresAt) => expiresAt is null ? 1 : 9;

    /// <summary>Writes the header for <paramref name="expiresAt"/> (Unix milliseconds, or null) at the start of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, long? expiresAt)
    {
        if (expiresAt is { } at)
        {
            destination[0] = Expiring;
            BinaryPrimitives.WriteInt64LittleEndian(destination[1..], at);
        }
        else
        {
            destination[0] = Plain;
        }
    }

    /// <summary>The stored form of <paramref name="value"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> value, long? expiresAt)
    {
        var header = HeaderLength(expiresAt);
        var stored = new byte[header + value.Length];
        WriteHeader(stored, expiresAt);
        value.CopyTo(stored.AsSpan(header));
        return stored;
    }

    /// <summary>
    /// Splits a stored value into the caller's bytes and its expiry; false when it has expired by <paramref name="time"/>'s
    /// clock (read only for expiring values).
    /// </summary>
    /// <exception cref="KeyValueStoreFormatException">The value is not in a format Strata wrote.</exception>
    public static bool TryRead(ReadOnlySpan<byte> stored, TimeProvider time, out ReadOnlySpan<byte> value, out long? expiresAt)
    {
        if (stored.Length > 0 && stored[0] == Plain)
        {
            value = stored[1..];
            expiresAt = null;
            return true;
        }
        if (stored.Length >= 9 && stored[0] == Expiring)
        {
            var at = BinaryPrimitives.ReadInt64LittleEndian(stored[1..]);
            expiresAt = at;
            value = stored[9..];
            return at > time.GetUtcNow().ToUnixTimeMilliseconds();
        }
        throw Unknown(stored);
    }

    /// <summary>True when <paramref name="stored"/> is an expiring value whose time has come (false for anything else).</summary>
    public static bool IsExpired(ReadOnlySpan<byte> stored, long now) =>
        stored.Length >= 9 && stored[0] == Expiring && BinaryPrimitives.ReadInt64LittleEndian(stored[1..]) <= now;

    private static KeyValueStoreFormatException Unknown(ReadOnlySpan<byte> stored) => new(stored.Length == 0
        ? "A value in the store is empty, which Strata never writes (each value has a format byte): the store was written by another program."
        : $"A value in the store starts with the format byte 0x{stored[0]:x2}, which this version of Strata does not know: the store was written by a newer version of Strata or by another program.");
}
