namespace Strata.Query;

/// <summary><c>column [NOT] IN (SELECT …)</c>, the subquery compiled with the same dialect and its values as parameters.</summary>
/// <param name="Column">The column.</param>
/// <param name="Query">The subquery; it should select one column.</param>
/// <param name="Negated">True for <c>NOT IN</c>.</param>
public sealed record InSubqueryCondition(string Column, QueryNode Query, bool Negated) : Condition;
