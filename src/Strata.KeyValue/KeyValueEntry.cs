using System.Text;

namespace Strata.KeyValue;

/// <summary>One key and its value, as a scan returns them.</summary>
/// <param name="Key">The key's bytes (a new array for each entry).</param>
/// <param name="Value">The value's bytes (a new array for each entry).</param>
/// <param name="ExpiresAt">When the key expires, if it was written with an expiry.</param>
public readonly record struct KeyValueEntry(byte[] Key, byte[] Value, DateTimeOffset? ExpiresAt)
{
    /// <summary>The key read as UTF-8 text (decoded on each call).</summary>
    public string KeyText => Encoding.UTF8.GetString(Key);
}

/// <summary>One key and its value deserialized to <typeparamref name="T"/>, as a typed scan returns them.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Key">The key's bytes (a new array for each entry).</param>
/// <param name="Value">The value, deserialized by the store's serializer.</param>
/// <param name="ExpiresAt">When the key expires, if it was written with an expiry.</param>
public readonly record struct KeyValueEntry<T>(byte[] Key, T Value, DateTimeOffset? ExpiresAt)
{
    /// <summary>The key read as UTF-8 text (decoded on each call).</summary>
    public string KeyText => Encoding.UTF8.GetString(Key);
}
