using System.Text.Json;

namespace Strata.Redis;

/// <summary>The default <see cref="IRedisSerializer"/>: UTF-8 JSON through System.Text.Json (web defaults: camelCase, case-insensitive reading).</summary>
public sealed class JsonRedisSerializer : IRedisSerializer
{
    /// <summary>The serializer with <see cref="JsonSerializerDefaults.Web"/> options.</summary>
    public static JsonRedisSerializer Default { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly JsonSerializerOptions _options;

    /// <summary>A serializer with these options (add a source-generated context to them for trimmed or AOT apps).</summary>
    /// <param name="options">The System.Text.Json options; made read-only.</param>
    public JsonRedisSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MakeReadOnly(populateMissingResolver: true);
        _options = options;
    }

    /// <summary>The options in use.</summary>
    public JsonSerializerOptions Options => _options;

    /// <inheritdoc />
    public byte[] Serialize<T>(T value)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, _options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new RedisSerializationException(
                $"A {Describe(value?.GetType() ?? typeof(T))} cannot be stored as JSON: {e.Message} Store a type System.Text.Json can write " +
                "(public properties, no reference cycles, no delegates, pointers or streams), or set RedisOptions.Serializer.", e);
        }
    }

    /// <inheritdoc />
    public T? Deserialize<T>(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(data, _options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new RedisSerializationException(
                $"A stored value could not be read as {Describe(typeof(T))}: {e.Message} Read it with the type it was written as, or forget the key.", e);
        }
    }

    private static string Describe(Type type) => type.FullName ?? type.Name;
}
