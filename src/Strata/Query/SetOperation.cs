namespace Strata.Query;

/// <summary>A query combined with the one before it by <c>UNION</c> or <c>UNION ALL</c>.</summary>
/// <param name="All">True for <c>UNION ALL</c> (duplicates kept).</param>
/// <param name="Query">The combined query; it may not order, page or lock on its own.</param>
public sealed record SetOperation(bool All, QueryNode Query);
