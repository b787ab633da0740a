using System.Buffers;
using System.Text.Json;

namespace Strata.KeyValue;

/// <summary>
/// Stores typed values as UTF-8 JSON with System.Text.Json (web defaults: camelCase names, case-insensitive reads).
/// A counter written by <c>IncrementAsync</c> is a JSON number, so <c>GetAsync&lt;long&gt;</c> reads it.
/// </summary>
public sealed class JsonKeyValueSerializer : IKeyValueSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>The serializer with <see cref="JsonSerializerDefaults.Web"/> options.</summary>
    public static JsonKeyValueSerializer Default { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>A serializer with options of your own (converters, naming, source-generated type info).</summary>
    /// <param name="options">The options; not changed afterwards by Strata.</param>
    public JsonKeyValueSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, _options);
    }

    /// <inheritdoc />
    /// <exception cref="FormatException">The bytes are not JSON for a <typeparamref name="T"/> (the JSON error is the inner exception).</exception>
    public T? Deserialize<T>(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(data, _options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The stored value is not JSON for a {typeof(T).Name}: {e.Message}", e);
        }
    }
}
