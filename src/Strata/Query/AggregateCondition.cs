namespace Strata.Query;

/// <summary><c>aggregate op value</c> (a HAVING condition), with the value sent as a parameter; a null value tests <c>IS [NOT] NULL</c>.</summary>
/// <param name="Aggregate">The aggregate.</param>
/// <param name="Operator">The comparison; only <c>=</c> or <c>&lt;&gt;</c> with a null value.</param>
/// <param name="Value">The value, or null.</param>
public sealed record AggregateCondition(AggregateExpression Aggregate, ComparisonOperator Operator, object? Value) : Condition;
