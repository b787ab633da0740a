namespace Strata.Query;

/// <summary>A scalar subquery in the select list: <c>(SELECT …) AS alias</c>.</summary>
/// <param name="Query">The subquery; it should select one column and return at most one row.</param>
/// <param name="Alias">The alias.</param>
public sealed record SelectSubquery(QueryNode Query, string Alias) : SelectItem;
