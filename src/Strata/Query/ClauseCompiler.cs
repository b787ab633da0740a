using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// The SELECT clauses whose rendering depends on the dialect's capabilities: WITH, UNION, NULLS FIRST/LAST,
/// row-lock options and join kinds. Used by <see cref="QueryCompiler"/>.
/// </summary>
internal static class ClauseCompiler
{
    /// <summary><c>WITH [RECURSIVE] name (columns) AS (…), … </c>, or nothing.</summary>
    public static Sql With(QueryCompiler compiler, QueryNode query, SqlDialect dialect)
    {
        if (query.With.IsDefaultOrEmpty) return Sql.Empty;
        var entries = query.With.Select(cte =>
        {
            var head = Sql.Identifier(cte.Name);
            if (!cte.Columns.IsDefaultOrEmpty) head += Sql.Raw(" (") + Sql.Join(Sql.Raw(", "), cte.Columns.Select(Sql.Identifier)) + Sql.Raw(")");
            return head + Sql.Raw(" AS (") + compiler.CompileSelect(cte.Query, dialect) + Sql.Raw(")");
        });
        return Sql.Raw(query.With.Any(c => c.Recursive) ? "WITH RECURSIVE " : "WITH ") + Sql.Join(Sql.Raw(", "), entries) + Sql.Raw(" ");
    }

    /// <summary><c> UNION|INTERSECT|EXCEPT [ALL] SELECT …</c> for each combined query, or nothing.</summary>
    /// <exception cref="InvalidOperationException">A combined query orders, pages, locks, has its own WITH or its own unions.</exception>
    public static Sql Unions(QueryCompiler compiler, QueryNode query, SqlDialect dialect)
    {
        if (query.Unions.IsDefaultOrEmpty) return Sql.Empty;
        var parts = new List<Sql>(query.Unions.Length);
        foreach (var union in query.Unions)
        {
            var part = union.Query;
            if (!part.OrderBy.IsEmpty || part.Limit is not null || part.Offset is not null || part.ForUpdate || !part.With.IsEmpty || !part.Unions.IsEmpty)
                throw new InvalidOperationException(
                    $"The query on '{part.Table}' combined by {union.Operator.ToString().ToUpperInvariant()} has its own OrderBy, Limit, Offset, ForUpdate, With or Union. " +
                    "Put ordering and paging on the first query (they apply to the combined rows), chain further Union calls there, " +
                    "or wrap the query with AsSubquery(alias).");
            parts.Add(Sql.Raw(Keyword(union, dialect)) + compiler.CompileSelect(part, dialect));
        }
        return Sql.Join(Sql.Empty, parts);
    }

    /// <summary><c> UNION </c>, <c> INTERSECT ALL </c>, …</summary>
    /// <exception cref="NotSupportedException">INTERSECT ALL or EXCEPT ALL where the dialect lacks them.</exception>
    private static string Keyword(SetOperation operation, SqlDialect dialect)
    {
        var name = operation.Operator switch
        {
            SetOperator.Union => "UNION",
            SetOperator.Intersect => "INTERSECT",
            SetOperator.Except => "EXCEPT",
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Operator, "Unknown set operator."),
        };
        if (!operation.All) return " " + name + " ";
        if (operation.Operator != SetOperator.Union && !dialect.SupportsSetOperationAll)
            throw new NotSupportedException(
                $"{dialect.Name} has no {name} ALL: use {name} (distinct rows), or count duplicates yourself with GroupBy and Aggregate.Count().");
        return " " + name + " ALL ";
    }

    /// <summary>An ORDER BY term with its NULLS FIRST/LAST, native or emulated with <c>column IS NULL</c>.</summary>
    public static Sql Order(OrderClause order, Sql term, SqlDialect dialect)
    {
        switch (order.Nulls)
        {
            case NullsOrder.Default:
                return term;
            case NullsOrder.First or NullsOrder.Last when dialect.SupportsNullsOrdering:
                return term + Sql.Raw(order.Nulls == NullsOrder.First ? " NULLS FIRST" : " NULLS LAST");
            case NullsOrder.First or NullsOrder.Last:
                return Sql.Identifier(order.Column) + Sql.Raw(order.Nulls == NullsOrder.First ? " IS NULL DESC, " : " IS NULL ASC, ") + term;
            default:
                throw new ArgumentOutOfRangeException(nameof(order), order.Nulls, "Unknown nulls order.");
        }
    }

    /// <summary><c> FOR UPDATE [SKIP LOCKED | NOWAIT]</c>, or nothing on a dialect without row locks.</summary>
    /// <exception cref="NotSupportedException">SKIP LOCKED or NOWAIT on a dialect with row locks but without them.</exception>
    public static Sql Lock(QueryNode query, SqlDialect dialect)
    {
        if (!query.ForUpdate || !dialect.SupportsRowLocks) return Sql.Empty;
        if (query.LockWait != LockWait.Wait && !dialect.SupportsLockWaitOptions)
            throw new NotSupportedException($"{dialect.Name} has no {(query.LockWait == LockWait.SkipLocked ? "SKIP LOCKED" : "NOWAIT")}: lock with ForUpdate() and a lock timeout instead.");
        return Sql.Raw(query.LockWait switch
        {
            LockWait.Wait => " FOR UPDATE",
            LockWait.SkipLocked => " FOR UPDATE SKIP LOCKED",
            LockWait.NoWait => " FOR UPDATE NOWAIT",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.LockWait, "Unknown lock wait."),
        });
    }

    /// <summary>Refuses a join kind the dialect does not have.</summary>
    /// <exception cref="NotSupportedException">RIGHT or FULL JOIN where the dialect lacks it.</exception>
    public static void CheckJoin(JoinClause join, SqlDialect dialect)
    {
        if (join.Kind == JoinKind.Full && !dialect.SupportsFullJoin)
            throw new NotSupportedException(
                $"{dialect.Name} has no FULL JOIN (joining '{join.Table}'). Combine a LEFT JOIN and a RIGHT JOIN with UnionAll, or restructure the query.");
        if (join.Kind == JoinKind.Right && !dialect.SupportsRightJoin)
            throw new NotSupportedException($"{dialect.Name} has no RIGHT JOIN (joining '{join.Table}'). Swap the tables and use LeftJoin.");
    }
}
