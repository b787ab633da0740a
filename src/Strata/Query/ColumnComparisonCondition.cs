namespace Strata.Query;

/// <summary><c>left op right</c> between two columns (of one row, or of joined tables); no value is sent.</summary>
/// <param name="Left">The first column (validated, quoted by the dialect).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Right">The second column.</param>
public sealed record ColumnComparisonCondition(string Left, ComparisonOperator Operator, string Right) : Condition;
