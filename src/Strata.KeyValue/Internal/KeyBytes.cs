namespace Strata.KeyValue.Internal;

/// <summary>Byte-order arithmetic on keys.</summary>
internal static class KeyBytes
{
    /// <summary>
    /// The smallest key greater than every key starting with <paramref name="prefix"/> (the prefix with its last byte
    /// below 0xFF incremented and what follows dropped), or null when there is none (an empty prefix, or all 0xFF).
    /// </summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.LastIndexOfAnyExcept((byte)0xFF);
        if (end < 0) return null;
        var result = prefix[..(end + 1)].ToArray();
        result[end]++;
        return result;
    }
}
