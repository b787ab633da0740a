using Strata.Query;

namespace Strata;

/// <summary>Queries that do not start from a table: a SELECT of no table, and a raw table expression, bound to a session.</summary>
public static class QuerySources
{
    /// <summary>
    /// A SELECT of no table, for expressions and scalar subqueries: <c>db.Select().SelectSubquery(db.From("users").SelectAggregate(Aggregate.Count(), "n"), "users")</c>.
    /// Plugins for tables do not apply (there is no table).
    /// </summary>
    /// <param name="session">The database, transaction or session that runs it.</param>
    public static SqlQuery Select(this IDbSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return SqlQuery.Bound(session, new QueryNode("") { WithoutFrom = true });
    }

    /// <summary>
    /// A query reading a table expression written in SQL: <c>db.FromRaw($"generate_series(1, {n})", "g").Select("g")</c>. The raw door:
    /// the fragment is placed as written (holes as parameters), so it is the caller's to keep portable. Plugins for tables do not apply.
    /// </summary>
    /// <param name="session">The database, transaction or session that runs it.</param>
    /// <param name="source">The table expression; holes are parameters.</param>
    /// <param name="alias">The name the query reads it by, a plain name.</param>
    /// <exception cref="ArgumentException">An empty fragment or an invalid alias.</exception>
    public static SqlQuery FromRaw(this IDbSession session, Sql source, string alias)
    {
        ArgumentNullException.ThrowIfNull(session);
        return SqlQuery.Bound(session, SqlQuery.RawNode(source, alias));
    }
}
