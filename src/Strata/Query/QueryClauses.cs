using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

/// <summary>
/// Further clauses of a <see cref="SqlQuery"/>: right, full and cross joins, joins on several conditions,
/// UNION, common table expressions, NULLS FIRST/LAST, SKIP LOCKED/NOWAIT and subqueries in FROM. Like the
/// methods on <see cref="SqlQuery"/>, each returns a new query and leaves this one unchanged.
/// </summary>
/// <remarks>
/// What a dialect lacks is refused when the query is compiled, with <see cref="NotSupportedException"/>
/// (FULL JOIN on MySQL/MariaDB), or emulated where the result is the same (NULLS FIRST/LAST on MySQL).
/// </remarks>
public static class QueryClauses
{
    /// <summary>Adds <c>RIGHT JOIN table ON left op right</c>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="leftColumn">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="rightColumn">The second column.</param>
    /// <exception cref="ArgumentException">An invalid table, column or operator.</exception>
    public static SqlQuery RightJoin(this SqlQuery query, string table, string leftColumn, string op, string rightColumn) =>
        query.Join(JoinKind.Right, table, j => j.On(leftColumn, op, rightColumn));

    /// <summary>Adds <c>FULL JOIN table ON left op right</c>; compiling it for a dialect without FULL JOIN throws <see cref="NotSupportedException"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="leftColumn">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="rightColumn">The second column.</param>
    /// <exception cref="ArgumentException">An invalid table, column or operator.</exception>
    public static SqlQuery FullJoin(this SqlQuery query, string table, string leftColumn, string op, string rightColumn) =>
        query.Join(JoinKind.Full, table, j => j.On(leftColumn, op, rightColumn));

    /// <summary>Adds <c>CROSS JOIN table</c>: every pairing of rows.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <exception cref="ArgumentException">An invalid table.</exception>
    public static SqlQuery CrossJoin(this SqlQuery query, string table)
    {
        ArgumentNullException.ThrowIfNull(query);
        var joined = TableReference.Parse(table);
        var join = new JoinClause(JoinKind.Cross, joined.Table, "*", ComparisonOperator.Equal, "*") { Alias = joined.Alias };
        return query.With(query.Node with { Joins = query.Node.Joins.Add(join) });
    }

    /// <summary>Adds an inner join on several conditions joined with AND: <c>Join("orders", j => j.On("users.id", "=", "orders.user_id").On(…))</c>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="on">Builds the conditions; at least one.</param>
    /// <exception cref="ArgumentException">An invalid table, or no condition.</exception>
    public static SqlQuery Join(this SqlQuery query, string table, Func<JoinBuilder, JoinBuilder> on) => query.Join(JoinKind.Inner, table, on);

    /// <summary>Adds a left join on several conditions.</summary>
    /// <param name="query">The query.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="on">Builds the conditions; at least one.</param>
    /// <exception cref="ArgumentException">An invalid table, or no condition.</exception>
    public static SqlQuery LeftJoin(this SqlQuery query, string table, Func<JoinBuilder, JoinBuilder> on) => query.Join(JoinKind.Left, table, on);

    /// <summary>Adds a join of <paramref name="kind"/> on several conditions.</summary>
    /// <param name="query">The query.</param>
    /// <param name="kind">Inner, left, right or full.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="on">Builds the conditions; at least one.</param>
    /// <exception cref="ArgumentException">An invalid table or kind, or no condition.</exception>
    public static SqlQuery Join(this SqlQuery query, JoinKind kind, string table, Func<JoinBuilder, JoinBuilder> on)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(on);
        if (!Enum.IsDefined(kind) || kind == JoinKind.Cross) throw new ArgumentException($"A join on conditions cannot be of kind {kind}; use CrossJoin for a cross join.", nameof(kind));
        var joined = TableReference.Parse(table);
        var conditions = (on(JoinBuilder.Empty) ?? throw new ArgumentException("The join builder returned null.", nameof(on))).Conditions;
        if (conditions.IsEmpty) throw new ArgumentException($"The join of '{table}' has no On condition.", nameof(on));
        var first = conditions[0];
        var join = new JoinClause(kind, joined.Table, first.LeftColumn, first.Operator, first.RightColumn) { Alias = joined.Alias, More = conditions.RemoveAt(0) };
        return query.With(query.Node with { Joins = query.Node.Joins.Add(join) });
    }

    /// <summary>
    /// Adds <c>UNION other</c> (duplicates removed). This query's ORDER BY, LIMIT and OFFSET apply to the
    /// combined rows; <paramref name="other"/> may not order or page on its own.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery Union(this SqlQuery query, SqlQuery other) => AddUnion(query, other, all: false);

    /// <summary>Adds <c>UNION ALL other</c> (duplicates kept); see <see cref="Union"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="other">A query selecting the same number of columns.</param>
    public static SqlQuery UnionAll(this SqlQuery query, SqlQuery other) => AddUnion(query, other, all: true);

    /// <summary>Adds a common table expression, <c>WITH name AS (query)</c>, that this query reads as a table (<c>db.From(name)</c>).</summary>
    /// <param name="query">The main query.</param>
    /// <param name="name">A plain name.</param>
    /// <param name="body">The CTE's query.</param>
    /// <exception cref="ArgumentException">An invalid name, or a name already used.</exception>
    public static SqlQuery With(this SqlQuery query, string name, SqlQuery body) => AddCte(query, name, [], body, recursive: false);

    /// <summary>
    /// Adds a recursive common table expression, <c>WITH RECURSIVE name (columns) AS (anchor UNION ALL recursive)</c>.
    /// The recursive part reads the CTE by name (<c>new SqlQuery(name)</c> or <c>db.From(name)</c>) and joins it to
    /// the next level.
    /// </summary>
    /// <param name="query">The main query.</param>
    /// <param name="name">A plain name.</param>
    /// <param name="columns">The CTE's column names, matching both parts' select lists.</param>
    /// <param name="anchor">The starting rows.</param>
    /// <param name="recursive">The rows derived from the previous level; it must not order or page.</param>
    /// <param name="unionAll">False to combine with UNION, which also stops on repeated rows (a guard for cycles).</param>
    /// <exception cref="ArgumentException">An invalid or repeated name, or no columns.</exception>
    public static SqlQuery WithRecursive(this SqlQuery query, string name, IReadOnlyList<string> columns, SqlQuery anchor, SqlQuery recursive, bool unionAll = true)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(recursive);
        return WithRecursive(query, name, columns, unionAll ? anchor.UnionAll(recursive) : anchor.Union(recursive));
    }

    /// <summary>Adds a recursive common table expression whose body is already an anchor combined with its recursive part by <see cref="UnionAll"/> or <see cref="Union"/>.</summary>
    /// <param name="query">The main query.</param>
    /// <param name="name">A plain name.</param>
    /// <param name="columns">The CTE's column names.</param>
    /// <param name="body">The anchor with the recursive part as its union.</param>
    /// <exception cref="ArgumentException">An invalid or repeated name, no columns, or a body without a union.</exception>
    public static SqlQuery WithRecursive(this SqlQuery query, string name, IReadOnlyList<string> columns, SqlQuery body)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(body);
        if (columns.Count == 0) throw new ArgumentException("A recursive CTE needs its column names.", nameof(columns));
        if (body.Node.Unions.IsEmpty) throw new ArgumentException("A recursive CTE's body is an anchor query with the recursive part added by UnionAll (or Union).", nameof(body));
        return AddCte(query, name, [.. columns.Select(SqlQuery.Alias)], body, recursive: true);
    }

    /// <summary>Adds an ORDER BY term with NULLs placed first or last (native, or emulated with <c>column IS NULL</c> where the dialect lacks it).</summary>
    /// <param name="query">The query.</param>
    /// <param name="column">The column.</param>
    /// <param name="direction">Ascending or descending.</param>
    /// <param name="nulls">Where NULLs go.</param>
    /// <exception cref="ArgumentException">An invalid column, direction or nulls order.</exception>
    public static SqlQuery OrderBy(this SqlQuery query, string column, SortDirection direction, NullsOrder nulls)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Enum.IsDefined(nulls)) throw new ArgumentException($"Unknown nulls order {(int)nulls}.", nameof(nulls));
        var ordered = query.OrderBy(column, direction);
        var last = ordered.Node.OrderBy[^1] with { Nulls = nulls };
        return ordered.With(ordered.Node with { OrderBy = ordered.Node.OrderBy.SetItem(ordered.Node.OrderBy.Length - 1, last) });
    }

    /// <summary>
    /// Locks the selected rows (<c>FOR UPDATE</c>) and leaves out rows another transaction has locked
    /// (<c>SKIP LOCKED</c>): a queue of jobs shared by workers. On SQLite, which has no row locks, it adds nothing,
    /// as <see cref="SqlQuery.ForUpdate"/> does: the writing transaction holds the whole database.
    /// </summary>
    /// <param name="query">The query.</param>
    public static SqlQuery SkipLocked(this SqlQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.With(query.Node with { ForUpdate = true, LockWait = LockWait.SkipLocked });
    }

    /// <summary>Locks the selected rows (<c>FOR UPDATE NOWAIT</c>), failing at once with a lock error when one is locked elsewhere. Adds nothing on SQLite.</summary>
    /// <param name="query">The query.</param>
    public static SqlQuery NoWait(this SqlQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.With(query.Node with { ForUpdate = true, LockWait = LockWait.NoWait });
    }

    /// <summary>
    /// A new query reading this one as a subquery in FROM: <c>SELECT … FROM (this) AS alias</c>, bound to the
    /// same session. Columns of the outer query are qualified by <paramref name="alias"/> or left bare.
    /// </summary>
    /// <param name="query">The subquery.</param>
    /// <param name="alias">A plain name.</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    public static SqlQuery AsSubquery(this SqlQuery query, string alias)
    {
        ArgumentNullException.ThrowIfNull(query);
        var name = SqlQuery.Alias(alias);
        return query.With(new QueryNode(name) { FromSubquery = new DerivedTable(query.Node, name) });
    }

    private static SqlQuery AddUnion(SqlQuery query, SqlQuery other, bool all)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(other);
        return query.With(query.Node with { Unions = query.Node.Unions.Add(new SetOperation(all, other.Node)) });
    }

    private static SqlQuery AddCte(SqlQuery query, string name, ImmutableArray<string> columns, SqlQuery body, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(body);
        var cteName = SqlQuery.Alias(name);
        if (query.Node.With.Any(c => string.Equals(c.Name, cteName, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"The query already has a WITH entry named '{cteName}'.", nameof(name));
        return query.With(query.Node with { With = query.Node.With.Add(new CommonTableExpression(cteName, columns, body.Node, recursive)) });
    }
}
