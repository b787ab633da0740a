namespace Strata.Query;

/// <summary>A subquery in FROM: <c>(SELECT …) AS alias</c>.</summary>
/// <param name="Query">The subquery.</param>
/// <param name="Alias">The name the outer query reads it by.</param>
public sealed record DerivedTable(QueryNode Query, string Alias);
