using System.Buffers;

namespace Strata.KeyValue;

/// <summary>
/// Turns typed values into bytes and back for the typed overloads (<c>PutAsync&lt;T&gt;</c>, <c>GetAsync&lt;T&gt;</c>,
/// <c>ScanAsync&lt;T&gt;</c>). <see cref="JsonKeyValueSerializer"/> (System.Text.Json) unless
/// <see cref="KeyValueOptions.Serializer"/> says otherwise. Implementations must be thread-safe.
/// </summary>
public interface IKeyValueSerializer
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The value's declared type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where the bytes go (after Strata's own header).</param>
    void Serialize<T>(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a <typeparamref name="T"/> from <paramref name="data"/>.</summary>
    /// <typeparam name="T">The type asked for.</typeparam>
    /// <param name="data">The stored bytes (without Strata's header).</param>
    /// <exception cref="FormatException">The bytes are not a <typeparamref name="T"/> this serializer can read.</exception>
    T? Deserialize<T>(ReadOnlySpan<byte> data);
}
