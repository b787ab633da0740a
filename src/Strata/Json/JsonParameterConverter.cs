using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata;

/// <summary>Writes a <see cref="JsonParameter"/> as its value (so an entity's values serialized by a plugin show the document, not the wrapper); reading is not supported.</summary>
internal sealed class JsonParameterConverter : JsonConverter<JsonParameter>
{
    public override JsonParameter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A JsonParameter is written only; read the value's own type.");

    public override void Write(Utf8JsonWriter writer, JsonParameter value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        JsonSerializer.Serialize(writer, value.Value, options.GetTypeInfo(value.Value.GetType()));
    }
}
