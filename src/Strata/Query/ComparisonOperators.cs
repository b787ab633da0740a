namespace Strata.Query;

/// <summary>Parses and renders <see cref="ComparisonOperator"/> values.</summary>
public static class ComparisonOperators
{
    /// <summary>The accepted spellings, as shown in error messages.</summary>
    public const string Accepted = "=, <>, !=, <, <=, >, >=, like, not like";

    /// <summary>
    /// Parses an operator written as text: <c>=</c>, <c>&lt;&gt;</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
    /// <c>&gt;</c>, <c>&gt;=</c>, <c>like</c> or <c>not like</c> (letters in any case, no other spacing).
    /// </summary>
    /// <param name="op">The operator text.</param>
    /// <exception cref="ArgumentException">Anything else; the message names what was refused.</exception>
    public static ComparisonOperator Parse(string op)
    {
        ArgumentNullException.ThrowIfNull(op);
        switch (op)
        {
            case "=": return ComparisonOperator.Equal;
            case "<>" or "!=": return ComparisonOperator.NotEqual;
            case "<": return ComparisonOperator.LessThan;
            case "<=": return ComparisonOperator.LessThanOrEqual;
            case ">": return ComparisonOperator.GreaterThan;
            case ">=": return ComparisonOperator.GreaterThanOrEqual;
        }
        if (op.Equals("like", StringComparison.OrdinalIgnoreCase)) return ComparisonOperator.Like;
        if (op.Equals("not like", StringComparison.OrdinalIgnoreCase)) return ComparisonOperator.NotLike;
        throw new ArgumentException(
            $"Unknown comparison operator '{Printable(op)}'. Use one of: {Accepted} (or a ComparisonOperator value); " +
            "for anything else write the condition with WhereRaw(Sql).", nameof(op));
    }

    /// <summary>The SQL text of <paramref name="op"/> (<c>=</c>, <c>&lt;&gt;</c>, …, <c>LIKE</c>, <c>NOT LIKE</c>).</summary>
    /// <param name="op">The operator.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value outside the enum.</exception>
    public static string ToSql(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.NotLike => "NOT LIKE",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison operator."),
    };

    /// <summary>The operator with a space on each side, one text part instead of three.</summary>
    internal static string ToPaddedSql(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => " = ",
        ComparisonOperator.NotEqual => " <> ",
        ComparisonOperator.LessThan => " < ",
        ComparisonOperator.LessThanOrEqual => " <= ",
        ComparisonOperator.GreaterThan => " > ",
        ComparisonOperator.GreaterThanOrEqual => " >= ",
        ComparisonOperator.Like => " LIKE ",
        ComparisonOperator.NotLike => " NOT LIKE ",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison operator."),
    };

    private static string Printable(string text)
    {
        var shown = text.Length > 32 ? text[..32] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) || c > '\u007e' ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
