using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>One entry of a <c>WITH</c> clause: <c>name [(columns)] AS (query)</c>.</summary>
/// <param name="Name">The name the main query reads it by.</param>
/// <param name="Columns">The column names; empty takes the query's own.</param>
/// <param name="Query">The body; for a recursive entry, the anchor with the recursive part as a union.</param>
/// <param name="Recursive">True when the body refers to <paramref name="Name"/> (renders <c>WITH RECURSIVE</c>).</param>
public sealed record CommonTableExpression(string Name, ImmutableArray<string> Columns, QueryNode Query, bool Recursive);
