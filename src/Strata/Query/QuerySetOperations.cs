using Strata.Query;

namespace Strata;

/// <summary>
/// INTERSECT and EXCEPT beside <see cref="QueryClauses.Union"/>: like UNION, this query's ORDER BY, LIMIT and OFFSET apply to the
/// combined rows, and the other query may not order or page on its own. Each returns a new query.
/// </summary>
/// <remarks>
/// The <c>ALL</c> forms keep duplicates; a dialect without them (<see cref="Dialects.SqlDialect.SupportsSetOperationAll"/> false:
/// SQLite) refuses them when the query is compiled. Databases disagree on whether INTERSECT binds tighter than UNION and EXCEPT, so an
/// INTERSECT after a UNION or EXCEPT in one chain is refused too: wrap the earlier part with <c>AsSubquery</c>.
/// </remarks>
public static class QuerySetOperations
{
    /// <summary>Adds <c>INTERSECT other</c>: the distinct rows both queries return.</summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery Intersect(this SqlQuery query, SqlQuery other) => Add(query, other, SetOperator.Intersect, all: false);

    /// <summary>Adds <c>INTERSECT ALL other</c>: rows both return, as many times as both have them. Not on SQLite.</summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery IntersectAll(this SqlQuery query, SqlQuery other) => Add(query, other, SetOperator.Intersect, all: true);

    /// <summary>Adds <c>EXCEPT other</c>: the distinct rows of this query that <paramref name="other"/> does not return.</summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery Except(this SqlQuery query, SqlQuery other) => Add(query, other, SetOperator.Except, all: false);

    /// <summary>Adds <c>EXCEPT ALL other</c>: this query's rows less as many copies as <paramref name="other"/> has. Not on SQLite.</summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery ExceptAll(this SqlQuery query, SqlQuery other) => Add(query, other, SetOperator.Except, all: true);

    private static SqlQuery Add(SqlQuery query, SqlQuery other, SetOperator op, bool all)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(other);
        if (op == SetOperator.Intersect && query.Node.Unions.Any(u => u.Operator != SetOperator.Intersect))
            throw new InvalidOperationException(
                "INTERSECT after UNION or EXCEPT in one chain means different rows on different databases (PostgreSQL and MySQL bind INTERSECT first, " +
                "SQLite reads left to right): wrap the earlier part with AsSubquery(alias) and intersect that, or start the chain with the INTERSECT.");
        return query.With(query.Node with { Unions = query.Node.Unions.Add(new SetOperation(all, other.Node) { Operator = op }) });
    }
}
