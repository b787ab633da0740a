using System.Collections.ObjectModel;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Strata.Mapping;

namespace Strata.Query;

/// <summary>
/// Reads a lambda's member chain into a JSON member (<c>x.Meta.Address.City</c> where <c>Meta</c> is stored as JSON) as its column and
/// the path inside the document, each property named as the database's serializer options name it (<c>[JsonPropertyName]</c>, the
/// naming policy: <c>$.address.city</c> with the web defaults). List indexes (<c>x.Meta.Lines[0]</c>) are path steps too.
/// </summary>
internal static class JsonMemberPath
{
    /// <summary>The column, path and JSON settings of <paramref name="expression"/>, or null when it is not a step inside a JSON member.</summary>
    /// <exception cref="NotSupportedException">A step whose JSON name or index cannot be a path step.</exception>
    public static (string Column, JsonPath Path, JsonMapping Json)? Resolve(Expression expression, ReadOnlyCollection<ParameterExpression> parameters, ColumnScope[] scopes)
    {
        var steps = new List<(MemberInfo? Member, int Index)>();
        var current = Strip(expression);
        while (true)
        {
            switch (current)
            {
                case MemberExpression { Member.Name: "Value", Expression: { } inner } when Nullable.GetUnderlyingType(inner.Type) is not null:
                    current = Strip(inner);
                    continue;
                case MemberExpression { Expression: ParameterExpression parameter } root when parameters.IndexOf(parameter) is >= 0 and var index:
                    if (steps.Count == 0) return null;
                    var scope = scopes[index];
                    var column = scope.Find(root.Member);
                    if (column is null || !column.IsJson && !scope.Json.IsJsonType(column.Type)) return null;
                    steps.Reverse();
                    var name = scope.Resolve(root.Member)!;
                    return (name, Path(steps, root.Member, scope.Json), scope.Json);
                case MemberExpression { Expression: { } owner } member:
                    steps.Add((member.Member, 0));
                    current = Strip(owner);
                    continue;
                case BinaryExpression { NodeType: ExpressionType.ArrayIndex } array when Index(array.Right, parameters) is { } i:
                    steps.Add((null, i));
                    current = Strip(array.Left);
                    continue;
                case MethodCallExpression { Method.Name: "get_Item", Object: { } list, Arguments: [var argument] } when Index(argument, parameters) is { } i:
                    steps.Add((null, i));
                    current = Strip(list);
                    continue;
                default:
                    return null;
            }
        }
    }

    private static JsonPath Path(List<(MemberInfo? Member, int Index)> steps, MemberInfo root, JsonMapping json)
    {
        var segments = new List<JsonPathSegment>(steps.Count);
        foreach (var (member, index) in steps)
            segments.Add(member is null ? new JsonPathSegment(null, index) : new JsonPathSegment(Name(member, json.SerializerOptions), 0));
        try
        {
            return JsonPath.Of(segments);
        }
        catch (ArgumentException e)
        {
            throw new NotSupportedException($"{root.Name}'s path {string.Join(".", segments.Select(s => s.Name ?? $"[{s.Index}]"))} cannot be queried: {e.Message}", e);
        }
    }

    /// <summary>The member's JSON property name under <paramref name="options"/>.</summary>
    private static string Name(MemberInfo member, JsonSerializerOptions options)
    {
        if (member.DeclaringType is { } type)
        {
            foreach (var property in options.GetTypeInfo(type).Properties)
            {
                if (property.AttributeProvider is MemberInfo info && info.Name == member.Name) return property.Name;
            }
        }
        return options.PropertyNamingPolicy?.ConvertName(member.Name) ?? member.Name;
    }

    /// <summary>A constant or captured index, read now; null when it is not an int that needs no lambda parameter.</summary>
    private static int? Index(Expression expression, ReadOnlyCollection<ParameterExpression> parameters) => expression.Type == typeof(int) && !ParameterFinder.Uses(expression, parameters)
        ? CapturedValue.Evaluate(expression) is int i && i >= 0 ? i : throw new NotSupportedException($"{expression} is a negative index, which no JSON path has.")
        : null;

    private static Expression Strip(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u) expression = u.Operand;
        return expression;
    }
}
