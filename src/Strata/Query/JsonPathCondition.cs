namespace Strata.Query;

/// <summary>
/// <c>value-at-path op parameter</c> on a JSON column, or <c>IS [NOT] NULL</c> when <paramref name="Value"/> is null (a missing
/// property or a JSON null). Built by <c>WhereJson</c> and by lambdas over JSON members; each dialect reads the path its own way.
/// </summary>
/// <param name="Column">The JSON column (validated, quoted by the dialect).</param>
/// <param name="Path">The path inside the document.</param>
/// <param name="Operator">The comparison; only <c>=</c> and <c>&lt;&gt;</c> with a null value.</param>
/// <param name="Value">A string, number or bool, a parameter; null for the NULL test.</param>
/// <param name="Type">How the value at the path is compared: as text, a number or a boolean.</param>
public sealed record JsonPathCondition(string Column, JsonPath Path, ComparisonOperator Operator, object? Value, JsonPathType Type) : Condition;
