namespace Strata;

/// <summary>
/// A value sent as JSON: made by <see cref="Sql.Json(object?)"/>, it is serialized with the database's
/// <see cref="JsonColumnOptions.SerializerOptions"/> and bound as the database's JSON type (<c>jsonb</c> on PostgreSQL, text elsewhere).
/// Use it where the value's type is not marked as JSON: <c>$"INSERT INTO t (meta) VALUES ({Sql.Json(meta)})"</c>, or as a value
/// of an insert, an update, a condition or a bulk insert row.
/// </summary>
/// <remarks>Immutable. The value is serialized when the command is built, not when this is made.</remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(JsonParameterConverter))]
public sealed class JsonParameter
{
    internal JsonParameter(object value) => Value = value;

    /// <summary>The value to serialize (never null: <see cref="Sql.Json(object?)"/> gives SQL NULL for null).</summary>
    public object Value { get; }

    /// <summary>The value's type only: values are never shown.</summary>
    public override string ToString() => $"JSON {Value.GetType().Name}";
}
