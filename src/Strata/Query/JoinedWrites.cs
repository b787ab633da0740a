using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// UPDATE and DELETE whose target has an alias or inner joins, in the dialect's <see cref="JoinedWriteStyle"/>: a FROM/USING list with the
/// ON conditions in WHERE, MySQL's multi-table form, or the target's rowids chosen by a SELECT. Used by <see cref="QueryCompiler"/>.
/// </summary>
internal static class JoinedWrites
{
    public static bool Applies(QueryNode query) => !query.Joins.IsEmpty || query.Alias is not null;

    public static Sql Update(QueryCompiler compiler, QueryNode query, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect)
    {
        var style = dialect.JoinedUpdateStyle;
        Check(query, "UpdateAsync");
        var qualify = style == JoinedWriteStyle.MultiTable ? Qualifier(query) : null;
        var sets = Sql.Join(Sql.Raw(", "), values.Select(v => Column(v.Key, qualify) + Sql.Raw(" = ") + (v.Value as Sql ?? Sql.Parameter(v.Value))));
        return style switch
        {
            JoinedWriteStyle.MultiTable => Sql.Raw("UPDATE ") + Target(query) + Joins(compiler, query) + Sql.Raw(" SET ") + sets + Where(compiler, query, dialect, withOn: false),
            JoinedWriteStyle.RowIdSubquery => Sql.Raw("UPDATE ") + Sql.Identifier(query.Table) + Sql.Raw(" SET ") + sets + RowIds(compiler, query, dialect),
            _ => Sql.Raw("UPDATE ") + Target(query) + Sql.Raw(" SET ") + sets + List(" FROM ", query) + Where(compiler, query, dialect, withOn: true),
        };
    }

    public static Sql Delete(QueryCompiler compiler, QueryNode query, SqlDialect dialect)
    {
        Check(query, "DeleteAsync");
        return dialect.JoinedDeleteStyle switch
        {
            JoinedWriteStyle.MultiTable => Sql.Raw("DELETE ") + Sql.Identifier(Qualifier(query)) + Sql.Raw(" FROM ") + Target(query) + Joins(compiler, query)
                + Where(compiler, query, dialect, withOn: false),
            JoinedWriteStyle.RowIdSubquery => Sql.Raw("DELETE FROM ") + Sql.Identifier(query.Table) + RowIds(compiler, query, dialect),
            _ => Sql.Raw("DELETE FROM ") + Target(query) + List(" USING ", query) + Where(compiler, query, dialect, withOn: true),
        };
    }

    /// <exception cref="NotSupportedException">A join other than INNER or CROSS.</exception>
    /// <exception cref="InvalidOperationException">No condition, no inner join and no <see cref="SqlQuery.All"/>.</exception>
    private static void Check(QueryNode query, string operation)
    {
        foreach (var join in query.Joins)
        {
            if (join.Kind is not (JoinKind.Inner or JoinKind.Cross))
                throw new NotSupportedException(
                    $"{operation} on '{query.Table}' joins '{join.Table}' with a {join.Kind.ToString().ToUpperInvariant()} JOIN: a write chooses its rows through INNER (or CROSS) joins only. " +
                    "Choose the rows with WhereIn(column, subquery) or WhereExists instead.");
        }
        if (query.Where.IsEmpty && !query.AllRows && query.Joins.All(j => j.Kind == JoinKind.Cross))
            throw new InvalidOperationException(
                $"{operation} on '{query.Table}' has no Where condition and would change every row. Add a condition, or call All() first if every row is meant.");
    }

    private static string Qualifier(QueryNode query) => query.Alias ?? query.Table;

    private static Sql Target(QueryNode query) =>
        query.Alias is null ? Sql.Identifier(query.Table) : Sql.Identifier(query.Table) + Sql.Raw(" AS ") + Sql.Identifier(query.Alias);

    private static Sql Column(string column, string? qualifier) =>
        qualifier is null || column.Contains('.', StringComparison.Ordinal) ? Sql.Identifier(column) : Sql.Identifier(qualifier + "." + column);

    private static Sql Joins(QueryCompiler compiler, QueryNode query) => Sql.Join(Sql.Empty, query.Joins.Select(compiler.RenderJoin));

    /// <summary><c> FROM a AS x, b</c> (or USING): the joined tables, their ON conditions going to WHERE.</summary>
    private static Sql List(string keyword, QueryNode query) =>
        query.Joins.IsEmpty ? Sql.Empty
            : Sql.Raw(keyword) + Sql.Join(Sql.Raw(", "), query.Joins.Select(j =>
                j.Alias is null ? Sql.Identifier(j.Table) : Sql.Identifier(j.Table) + Sql.Raw(" AS ") + Sql.Identifier(j.Alias)));

    /// <summary><c> WHERE on AND … AND (conditions)</c>, or nothing.</summary>
    private static Sql Where(QueryCompiler compiler, QueryNode query, SqlDialect dialect, bool withOn)
    {
        var parts = new List<Sql>();
        if (withOn)
        {
            foreach (var join in query.Joins)
            {
                if (join.Kind == JoinKind.Cross) continue;
                parts.Add(On(join.LeftColumn, join.Operator, join.RightColumn));
                foreach (var more in join.More) parts.Add(On(more.LeftColumn, more.Operator, more.RightColumn));
            }
        }
        if (compiler.RenderConditions(query.Where, dialect) is { } conditions)
            parts.Add(parts.Count == 0 ? conditions : Sql.Raw("(") + conditions + Sql.Raw(")"));
        return parts.Count == 0 ? Sql.Empty : Sql.Raw(" WHERE ") + Sql.Join(Sql.Raw(" AND "), parts);
    }

    private static Sql On(string left, ComparisonOperator op, string right) =>
        Sql.Identifier(left) + Sql.Raw(ComparisonOperators.ToPaddedSql(op)) + Sql.Identifier(right);

    /// <summary><c> WHERE rowid IN (SELECT t.rowid FROM t AS x INNER JOIN … WHERE …)</c>.</summary>
    private static Sql RowIds(QueryCompiler compiler, QueryNode query, SqlDialect dialect)
    {
        var select = query with
        {
            Columns = [new SelectExpression(Sql.Identifier(Qualifier(query)) + Sql.Raw(".rowid"), null)],
            With = [],
            Returning = [],
            AllRows = false,
        };
        return Sql.Raw(" WHERE rowid IN (") + compiler.CompileSelect(select, dialect) + Sql.Raw(")");
    }
}
