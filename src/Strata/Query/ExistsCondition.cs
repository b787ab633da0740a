namespace Strata.Query;

/// <summary><c>[NOT] EXISTS (SELECT …)</c>, the subquery compiled with the same dialect.</summary>
/// <param name="Query">The subquery, usually correlated through a <c>WhereRaw</c> or column comparison.</param>
/// <param name="Negated">True for <c>NOT EXISTS</c>.</param>
public sealed record ExistsCondition(QueryNode Query, bool Negated) : Condition;
