namespace Strata.Query;

/// <summary>A comparison of an array column with a value or an array of values (see <see cref="ArrayOperator"/>), sent as one parameter.</summary>
/// <param name="Column">The array column (validated, quoted by the dialect).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">A single value for <see cref="ArrayOperator.Any"/>; a collection (sent as one array) for the others.</param>
public sealed record ArrayCondition(string Column, ArrayOperator Operator, object Value) : Condition;
