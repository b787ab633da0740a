using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Dialects;

namespace Strata.Mapping;

/// <summary>
/// One database's JSON settings (<see cref="JsonColumnOptions"/>, frozen when it opens): which values are JSON, and how they are
/// written to and read from text. Immutable and thread-safe.
/// </summary>
internal sealed class JsonMapping
{
    // Whether a type carries [JsonColumn]: a fact about the type, the same for every database, so it may be cached statically.
    private static readonly ConcurrentDictionary<Type, bool> MarkedTypes = new();

    private readonly FrozenSet<Type> _types;
    private readonly JsonNodeOptions _nodeOptions;

    public JsonMapping(JsonColumnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var serializer = options.SerializerOptions;
        if (!serializer.IsReadOnly)
        {
            // A resolver is needed before the options can be frozen. JsonSerializer's own default resolves every type by reflection
            // where the application allows it, and nothing under native AOT, where the options must name a source-generated context.
            serializer.TypeInfoResolver ??= DefaultJsonResolver.Get();
            serializer.MakeReadOnly();
        }
        SerializerOptions = serializer;
        _types = options.Types.Select(t => Nullable.GetUnderlyingType(t) ?? t).ToFrozenSet();
        _nodeOptions = new JsonNodeOptions { PropertyNameCaseInsensitive = serializer.PropertyNameCaseInsensitive };
    }

    /// <summary>The web defaults, for queries built without a database (and the databases that set nothing).</summary>
    public static JsonMapping Default { get; } = new(new JsonColumnOptions());

    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>True for JSON document types (<see cref="JsonDocument"/>, <see cref="JsonElement"/>, <see cref="JsonNode"/> and its kinds).</summary>
    public static bool IsDocumentType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(JsonDocument) || t == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(t);
    }

    /// <summary>True when values of <paramref name="type"/> are JSON: a document type, a type marked with <see cref="JsonColumnAttribute"/>, or one of <see cref="JsonColumnOptions.Types"/>.</summary>
    public bool IsJsonType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return IsDocumentType(t) || _types.Contains(t) || IsMarked(t);
    }

    /// <summary>True when <paramref name="type"/> itself carries <see cref="JsonColumnAttribute"/>.</summary>
    public static bool IsMarked(Type type) =>
        !type.IsPrimitive && type != typeof(string) && MarkedTypes.GetOrAdd(type, static t => t.IsDefined(typeof(JsonColumnAttribute), inherit: true));

    /// <summary>
    /// True when <paramref name="member"/> (of <paramref name="type"/>) is marked with <see cref="JsonColumnAttribute"/>, on itself or, for
    /// a record's property, on the positional parameter of <paramref name="type"/>'s constructor that declares it.
    /// </summary>
    public static bool IsMarked(MemberInfo member, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
    {
        if (member.IsDefined(typeof(JsonColumnAttribute), inherit: true)) return true;
        if (member is not PropertyInfo property) return false;
        foreach (var constructor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (parameter.ParameterType == property.PropertyType && string.Equals(parameter.Name, property.Name, StringComparison.Ordinal)
                    && parameter.IsDefined(typeof(JsonColumnAttribute), inherit: false))
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> is JSON whatever the database's options say: a document, a <see cref="JsonParameter"/> or
    /// <see cref="JsonText"/>, or a value of a type marked with <see cref="JsonColumnAttribute"/>. What the query compiler can tell.
    /// </summary>
    public static bool IsDocumentValue(object? value) =>
        value is JsonParameter or JsonText or JsonDocument or JsonElement or JsonNode || value is not null && !value.GetType().IsPrimitive && IsMarked(value.GetType());

    /// <summary>True when <paramref name="value"/> is sent as JSON (see <see cref="IsJsonType"/>; a <see cref="JsonParameter"/> always).</summary>
    public bool IsJsonValue(object value) => value is JsonParameter or JsonDocument or JsonElement or JsonNode || IsJsonType(value.GetType());

    /// <summary>The JSON text of <paramref name="value"/>: a document's own text, anything else serialized with <see cref="SerializerOptions"/>.</summary>
    /// <exception cref="NotSupportedException">System.Text.Json cannot serialize the value's type.</exception>
    public JsonText ToText(object value) => new(value switch
    {
        JsonParameter parameter => ToText(parameter.Value).Json,
        JsonText text => text.Json,
        JsonDocument document => document.RootElement.GetRawText(),
        JsonElement element => element.GetRawText(),
        JsonNode node => node.ToJsonString(SerializerOptions),
        _ => JsonSerializer.Serialize(value, SerializerOptions.GetTypeInfo(value.GetType())),
    });

    /// <summary>Reads JSON text as <paramref name="type"/>: a document type parsed, anything else deserialized with <see cref="SerializerOptions"/>.</summary>
    /// <exception cref="JsonException">The text is not valid JSON, or does not fit the type.</exception>
    public object? Read(string json, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(JsonDocument)) return JsonDocument.Parse(json);
        if (t == typeof(JsonElement))
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        if (typeof(JsonNode).IsAssignableFrom(t))
        {
            var node = JsonNode.Parse(json, _nodeOptions);
            return node is null || t.IsInstanceOfType(node) ? node
                : throw new JsonException($"The JSON is a {node.GetValueKind()}, not a {t.Name}.");
        }
        return JsonSerializer.Deserialize(json, SerializerOptions.GetTypeInfo(t));
    }

    /// <summary>The JSON text a driver returned: text, UTF-8 bytes, or a document.</summary>
    public static string TextOf(object value) => value switch
    {
        string s => s,
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        JsonDocument document => document.RootElement.GetRawText(),
        JsonElement element => element.GetRawText(),
        _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Reads JSON text as <typeparamref name="T"/>.</summary>
    /// <exception cref="JsonException">The text is not valid JSON, or does not fit the type.</exception>
    public T Read<T>(string json) => (T)Read(json, typeof(T))!;
}
