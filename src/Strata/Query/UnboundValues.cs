using System.Reflection;

namespace Strata.Query;

/// <summary>
/// The values a condition cannot send as a parameter, known before any driver sees them: builder and AST objects, functions,
/// unawaited tasks, sessions and types. Refusing them when the query is built gives a message that names the column and the way
/// to write the condition, where the driver would fail later with "no mapping exists".
/// </summary>
/// <remarks>
/// A list, not a rule: any other type goes to the driver, which knows its own types (ranges, network addresses, spatial values).
/// </remarks>
internal static class UnboundValues
{
    /// <summary>What to write instead, or null when the value may be a parameter.</summary>
    public static string? Refusal(object value) => value switch
    {
        SqlQuery => "compare the column with the subquery's single value through Where(column, op, subquery), or use WhereIn(column, subquery) for a list.",
        QueryNode => "pass the SqlQuery itself (db.From(…)), which is compiled as a subquery.",
        AggregateExpression => "an aggregate is compared in HAVING: Having(aggregate, op, value).",
        Condition or ConditionGroup => "build conditions with Where(g => …) or a query's Where methods.",
        Sql => "a SQL fragment is written with WhereRaw(Sql).",
        Delegate => "call it and pass its result.",
        System.Linq.Expressions.Expression => "a typed query translates lambdas in Where(x => …); pass a value here.",
        Task => "await it and pass its result.",
        IDbSession => "a session is not a value; pass a value read from it.",
        MemberInfo => "pass a value, not a type or member.",
        _ when IsValueTask(value.GetType()) => "await it and pass its result.",
        _ => null,
    };

    /// <summary>A short name of the value's type for a message (never the value itself).</summary>
    public static string TypeName(object value)
    {
        var type = value.GetType();
        if (type.IsGenericType) return type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return type.Name;
    }

    private static bool IsValueTask(Type type) =>
        type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>));
}
