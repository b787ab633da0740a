namespace Strata.Query;

/// <summary><c>column op (SELECT …)</c>: a column compared with the single value a subquery returns.</summary>
/// <param name="Column">The column (validated, quoted by the dialect).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Query">The subquery; it should select one column and return at most one row (the database refuses more).</param>
public sealed record SubqueryComparisonCondition(string Column, ComparisonOperator Operator, QueryNode Query) : Condition;
