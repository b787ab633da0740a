using System.Text.Json;

namespace Strata;

/// <summary>
/// How a database stores JSON values (<see cref="DatabaseOptions.Json"/>): the System.Text.Json settings values are written and
/// read with, and the types stored as JSON without an attribute.
/// </summary>
/// <remarks>Read when the database opens (the serializer options are then made read-only); later changes are not seen.</remarks>
public sealed class JsonColumnOptions
{
    /// <summary>
    /// The serializer settings: <see cref="JsonSerializerDefaults.Web"/> unless set, that is camelCase property names
    /// (<c>{"firstName": …}</c>, as JavaScript and most JSON documents in databases write them), names matched ignoring case
    /// when reading (so documents written with other casing still read), and numbers read from quoted text too. Null members
    /// are written (<c>"middleName": null</c>), so a document read back is the one written. JSON paths built from lambdas
    /// (<c>x.Meta.Address.City</c>) name properties as these options do.
    /// </summary>
    /// <remarks>
    /// Share one instance: System.Text.Json caches its metadata per instance. Values are written and read through
    /// <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/>: without a <see cref="JsonSerializerOptions.TypeInfoResolver"/>, types are
    /// resolved by reflection where the application allows it; in native AOT and trimmed applications set it to a source-generated
    /// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> that lists the JSON column types.
    /// </remarks>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Types stored as JSON wherever they appear, without <see cref="JsonColumnAttribute"/>: as raw SQL parameters, builder values,
    /// entity members, bulk insert values and rows read into them. A type listed here read as a whole row
    /// (<c>QueryAsync&lt;Address&gt;</c>) is read from the first column as JSON, not from one column per member.
    /// </summary>
    public ISet<Type> Types { get; } = new HashSet<Type>();

    /// <summary>Adds <typeparamref name="T"/> to <see cref="Types"/>.</summary>
    /// <typeparam name="T">A class or struct to store as JSON.</typeparam>
    /// <returns>These options, for chaining.</returns>
    public JsonColumnOptions Map<T>()
    {
        Types.Add(typeof(T));
        return this;
    }

    /// <summary>Checks the settings, naming the first problem.</summary>
    /// <exception cref="DatabaseConfigurationException">No serializer options, or a listed type that cannot be a JSON document (a string, a number, a byte array, a collection of rows).</exception>
    public void Validate()
    {
        if (SerializerOptions is null) throw new DatabaseConfigurationException("Json.SerializerOptions is null: leave it unset for the web defaults, or give a JsonSerializerOptions.");
        foreach (var type in Types)
        {
            if (type is null) throw new DatabaseConfigurationException("Json.Types holds null: list the classes or structs to store as JSON.");
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal) || underlying == typeof(byte[])
                || underlying == typeof(Guid) || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
                throw new DatabaseConfigurationException(
                    $"Json.Types lists {type.Name}, which the database stores as a value of its own. List the classes or structs to store as JSON documents.");
        }
    }
}
