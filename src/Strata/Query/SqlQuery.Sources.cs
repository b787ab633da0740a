using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

public sealed partial class SqlQuery
{
    /// <summary>
    /// An unbound SELECT of no table, for expressions and scalar subqueries: <c>SqlQuery.WithoutFrom().SelectValue(1, "one")</c>
    /// (<c>FROM DUAL</c> on MySQL). Bound to a session: <see cref="QuerySources.Select(IDbSession)"/>.
    /// </summary>
    public static SqlQuery WithoutFrom() => new(null, new QueryNode("") { WithoutFrom = true });

    /// <summary>
    /// An unbound query reading a table expression written in SQL, named <paramref name="alias"/>:
    /// <c>SqlQuery.FromRaw($"generate_series(1, {n})", "g")</c>. The raw door: the fragment is placed as written, its holes as
    /// parameters. Bound to a session: <see cref="QuerySources.FromRaw(IDbSession, Sql, string)"/>.
    /// </summary>
    /// <param name="source">The table expression; holes are parameters.</param>
    /// <param name="alias">The name the query reads it by, a plain name.</param>
    /// <exception cref="ArgumentException">An empty fragment or an invalid alias.</exception>
    public static SqlQuery FromRaw(Sql source, string alias) => new(null, RawNode(source, alias));

    internal static SqlQuery Bound(IDbSession session, QueryNode node) => new(session, node);

    internal static QueryNode RawNode(Sql source, string alias)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsEmpty) throw new ArgumentException("A raw table expression must not be empty.", nameof(source));
        return new QueryNode(Alias(alias)) { FromRaw = source };
    }

    /// <summary>Adds a value to the selected columns, as a parameter: <c>SelectValue(42, "answer")</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="alias">The result column's name, a plain name.</param>
    /// <exception cref="ArgumentException">An invalid alias, or a value no parameter can carry.</exception>
    public SqlQuery SelectValue(object? value, string alias)
    {
        var name = Alias(alias);
        if (value is not null && UnboundValues.Refusal(value) is { } refusal)
            throw new ArgumentException($"The value selected as '{name}' is a {UnboundValues.TypeName(value)}, which cannot be sent as a parameter: {refusal}", nameof(value));
        return With(Node with { Columns = Node.Columns.Add(new SelectExpression(Sql.Parameter(value), name)) });
    }

    /// <summary>
    /// Adds a scalar subquery to the selected columns, <c>(SELECT …) AS alias</c>: one column, at most one row (the database
    /// refuses more); it may refer to the outer query's columns.
    /// </summary>
    /// <param name="subquery">The subquery.</param>
    /// <param name="alias">The result column's name, a plain name.</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    public SqlQuery SelectSubquery(SqlQuery subquery, string alias)
    {
        ArgumentNullException.ThrowIfNull(subquery);
        return With(Node with { Columns = Node.Columns.Add(new Query.SelectSubquery(subquery.Node, Alias(alias))) });
    }
}
