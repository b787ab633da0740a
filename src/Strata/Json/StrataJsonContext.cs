using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Strata;

/// <summary>
/// The JSON Strata writes for itself (keyset cursors, audit rows) without reflection: the shapes it serializes and the scalar
/// types their values usually have, generated at compile time so that they work in trimmed and native AOT applications.
/// </summary>
[JsonSerializable(typeof(KeysetCursor.Payload))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, object?>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(byte))]
[JsonSerializable(typeof(short))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateOnly))]
[JsonSerializable(typeof(TimeOnly))]
[JsonSerializable(typeof(TimeSpan))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class StrataJsonContext : JsonSerializerContext
{
    /// <summary>
    /// These generated types first, then whatever <see cref="DefaultJsonResolver"/> resolves: every type through
    /// reflection where the application allows it (as before), nothing more under native AOT, where a value of another type
    /// fails with System.Text.Json's own <see cref="NotSupportedException"/>.
    /// </summary>
    public static JsonSerializerOptions AnyType { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, DefaultJsonResolver.Get()) };
        options.MakeReadOnly();
        return options;
    }
}
