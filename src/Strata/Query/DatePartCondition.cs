namespace Strata.Query;

/// <summary>
/// <c>part(column) op value</c>: a part of a date or time column compared with a parameter, rendered through
/// <see cref="Dialects.SqlDialect.DatePart"/> (an <see cref="int"/> for the numeric parts, a <see cref="DateOnly"/> for
/// <see cref="DatePart.Date"/>, a <see cref="TimeOnly"/> for <see cref="DatePart.Time"/>).
/// </summary>
/// <param name="Column">The column (validated, quoted by the dialect).</param>
/// <param name="Part">The part compared.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The value, a parameter.</param>
public sealed record DatePartCondition(string Column, DatePart Part, ComparisonOperator Operator, object Value) : Condition;
