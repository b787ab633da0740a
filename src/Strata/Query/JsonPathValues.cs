using System.Text.Json;
using Strata.Mapping;

namespace Strata.Query;

/// <summary>
/// Turns the value compared with a JSON path into a parameter and the way it compares (<see cref="JsonPathType"/>): strings as text,
/// numbers as numbers, bools as booleans, and any other value as System.Text.Json writes it with the database's options (a
/// <see cref="Guid"/> or a date as its JSON string, an enum as its number or name), so it matches what the document holds.
/// </summary>
internal static class JsonPathValues
{
    /// <summary>The condition comparing the value at <paramref name="path"/> of <paramref name="column"/> with <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">An ordering operator with null, LIKE with a value that is not text, or a value that is an object or array.</exception>
    public static JsonPathCondition Condition(string column, JsonPath path, ComparisonOperator op, object? value, JsonMapping json)
    {
        if (!Enum.IsDefined(op))
            throw new ArgumentException($"Unknown comparison operator {(int)op}. Use a named ComparisonOperator value.", nameof(op));
        var (parameter, type) = Normalize(value, json, path);
        if (parameter is null && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            throw new ArgumentException(
                $"A comparison '{ComparisonOperators.ToSql(op)}' with null is never true; compare the JSON path with '=' or '<>' null to test for a missing value.", nameof(value));
        if (op is ComparisonOperator.Like or ComparisonOperator.NotLike && type != JsonPathType.Text)
            throw new ArgumentException($"LIKE compares text; the value compared with {path} is a {type.ToString().ToLowerInvariant()}.", nameof(value));
        return new JsonPathCondition(column, path, op, parameter, type);
    }

    private static (object? Value, JsonPathType Type) Normalize(object? value, JsonMapping json, JsonPath path)
    {
        switch (value)
        {
            case null: return (null, JsonPathType.Any);
            case string s: return (s, JsonPathType.Text);
            case char c: return (c.ToString(), JsonPathType.Text);
            case bool b: return (b, JsonPathType.Boolean);
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal: return (value, JsonPathType.Number);
            case Sql: throw new ArgumentException("A Sql fragment is not a value; write the condition with WhereRaw(Sql).", nameof(value));
        }
        var element = JsonSerializer.SerializeToElement(value, json.SerializerOptions.GetTypeInfo(value.GetType()));
        return element.ValueKind switch
        {
            JsonValueKind.String => (element.GetString(), JsonPathType.Text),
            JsonValueKind.Number => (element.TryGetInt64(out var l) ? l : (object)element.GetDecimal(), JsonPathType.Number),
            JsonValueKind.True => (true, JsonPathType.Boolean),
            JsonValueKind.False => (false, JsonPathType.Boolean),
            JsonValueKind.Null => (null, JsonPathType.Any),
            _ => throw new ArgumentException(
                $"A {value.GetType().Name} is written as a JSON {element.ValueKind.ToString().ToLowerInvariant()}, and {path} is compared with scalars only " +
                "(text, numbers, booleans): compare a path that leads to a scalar inside it.", nameof(value)),
        };
    }
}
