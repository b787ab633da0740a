using System.Collections.Immutable;
using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// Compiles the query AST into a <see cref="Sql"/> fragment for one dialect: identifiers become
/// <see cref="Sql.Identifier(string)"/> parts and values <see cref="Sql.Parameter(object?)"/> parts, so
/// quoting and placeholders come from the dialect and rendered text is cached by shape. What differs
/// between databases is asked of the dialect's capability members (<see cref="SqlDialect.LimitForOffsetOnly"/>,
/// <see cref="SqlDialect.SupportsRowLocks"/>), never of its name.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. There is one visit method per AST node type; a subclass may override
/// any of them. Identifiers are validated again here, so a hand-built <see cref="QueryNode"/> cannot
/// smuggle text in.
/// </remarks>
public class QueryCompiler : ConditionCompiler
{
    /// <summary>Creates a compiler; <see cref="Default"/> serves every dialect shipped with Strata.</summary>
    protected internal QueryCompiler()
    {
    }

    /// <summary>The shared compiler.</summary>
    public static QueryCompiler Default { get; } = new();

    /// <summary>Compiles a SELECT.</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The target dialect.</param>
    public override Sql CompileSelect(QueryNode query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        query = SqlQuery.ApplyDialectParts(query, dialect);
        if (!query.Rows.IsDefaultOrEmpty) return VisitValues(query, dialect);
        var parts = new List<Sql> { Sql.Raw(query.IsDistinct ? "SELECT DISTINCT " : "SELECT "), VisitColumns(query.Columns, dialect) };
        if (!query.With.IsDefaultOrEmpty) parts.Insert(0, ClauseCompiler.With(this, query, dialect));
        AppendFrom(parts, query, dialect);
        AppendWhere(parts, query.Where, dialect);
        if (!query.GroupBy.IsEmpty)
        {
            parts.Add(Sql.Raw(" GROUP BY "));
            parts.Add(Sql.Join(Sql.Raw(", "), query.GroupBy.Select(Identifier)));
        }
        if (VisitClauses(query.Having, dialect) is { } having)
        {
            parts.Add(Sql.Raw(" HAVING "));
            parts.Add(having);
        }
        if (!query.Unions.IsDefaultOrEmpty) parts.Add(ClauseCompiler.Unions(this, query, dialect));
        if (!query.OrderBy.IsEmpty)
        {
            parts.Add(Sql.Raw(" ORDER BY "));
            parts.Add(Sql.Join(Sql.Raw(", "), query.OrderBy.Select(o => ClauseCompiler.Order(o, VisitOrder(o), dialect))));
        }
        parts.Add(VisitPaging(query.Limit, query.Offset, dialect));
        if (query.ForUpdate) parts.Add(ClauseCompiler.Lock(query, dialect));
        return Sql.Join(Sql.Empty, parts);
    }

    /// <summary>Compiles <c>SELECT COUNT(*)</c> over the rows the query returns (a derived table when it groups, pages, locks or is distinct).</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The target dialect.</param>
    public virtual Sql CompileCount(QueryNode query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        query = SqlQuery.ApplyDialectParts(query, dialect);
        var simple = !query.IsDistinct && query.GroupBy.IsEmpty && query.Having.IsEmpty && query.Limit is null && query.Offset is null && !query.ForUpdate
            && query.With.IsEmpty && query.Unions.IsEmpty;
        if (!simple)
            return Sql.Raw("SELECT COUNT(*) FROM (") + CompileSelect(query, dialect) + Sql.Raw(") ") + Sql.Identifier("strata_count");
        var parts = new List<Sql> { Sql.Raw("SELECT COUNT(*)") };
        AppendFrom(parts, query, dialect);
        AppendWhere(parts, query.Where, dialect);
        return Sql.Join(Sql.Empty, parts);
    }

    /// <summary>Compiles <c>SELECT CASE WHEN EXISTS (…) THEN 1 ELSE 0 END</c>, which every dialect answers with one row.</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The target dialect.</param>
    public virtual Sql CompileExists(QueryNode query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        query = SqlQuery.ApplyDialectParts(query, dialect);
        var inner = query.IsDistinct || !query.Unions.IsEmpty ? query : query with { Columns = [new SelectExpression(Sql.Raw("1"), null)] };
        return Sql.Raw("SELECT CASE WHEN EXISTS (") + CompileSelect(inner, dialect) + Sql.Raw(") THEN 1 ELSE 0 END");
    }

    /// <summary>Compiles <c>INSERT INTO table (columns) VALUES (parameters)</c>.</summary>
    /// <param name="query">The query; only its table is used, and any other clause is refused.</param>
    /// <param name="values">The column values (a <see cref="Sql"/> value is inlined as SQL).</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="InvalidOperationException">The query has other clauses.</exception>
    public virtual Sql CompileInsert(QueryNode query, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(values);
        WriteClauses.Refuse(query, "an INSERT", allowWhere: false);
        // Written in one pass: an insert is compiled on every call (its values come from an entity or a dictionary).
        var sql = new SqlBuilder(values.Count * 4 + 8).Text("INSERT INTO ").Identifier(query.Table).Text(" (");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sql.Text(", ");
            sql.Identifier(values[i].Key);
        }
        sql.Text(") VALUES (");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sql.Text(", ");
            sql.Value(values[i].Value);
        }
        return sql.Text(")").Append(WriteCompiler.Returning(query, WriteKind.Insert, rows: 1, upsert: false, dialect)).ToSql();
    }

    /// <summary>
    /// Compiles <c>[WITH …] UPDATE table SET column = value, … WHERE …</c>; with an alias or inner joins, in the dialect's
    /// <see cref="SqlDialect.JoinedUpdateStyle"/> (<c>UPDATE … FROM</c>, MySQL's multi-table UPDATE).
    /// </summary>
    /// <param name="query">The query; its table, alias, inner joins, WITH entries and conditions are used, other clauses are refused.</param>
    /// <param name="values">The column values (a <see cref="Sql"/> value is inlined, e.g. <c>$"n + {1}"</c>).</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>, or a clause an UPDATE cannot use.</exception>
    /// <exception cref="NotSupportedException">A join other than INNER or CROSS, or WITH where the dialect has none on writes.</exception>
    public virtual Sql CompileUpdate(QueryNode query, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(values);
        query = SqlQuery.ApplyDialectParts(query, dialect);
        WriteClauses.Refuse(query, "an UPDATE", allowWhere: true);
        var with = WriteWith(query, "an UPDATE", dialect);
        if (JoinedWrites.Applies(query))
            return with + JoinedWrites.Update(this, query, values, dialect) + WriteCompiler.Returning(query, WriteKind.Update, rows: 2, upsert: false, dialect);
        var parts = new List<Sql>
        {
            with, Sql.Raw("UPDATE "), Identifier(query.Table), Sql.Raw(" SET "),
            Sql.Join(Sql.Raw(", "), values.Select(v => Identifier(v.Key) + Sql.Raw(" = ") + Value(v.Value))),
        };
        AppendGuardedWhere(parts, query, "UpdateAsync", dialect);
        parts.Add(WriteCompiler.Returning(query, WriteKind.Update, rows: 2, upsert: false, dialect));
        return Sql.Join(Sql.Empty, parts);
    }

    /// <summary>
    /// Compiles <c>[WITH …] DELETE FROM table WHERE …</c>; with an alias or inner joins, in the dialect's <see cref="SqlDialect.JoinedDeleteStyle"/>
    /// (<c>DELETE … USING</c>, MySQL's multi-table DELETE, a rowid subquery on SQLite).
    /// </summary>
    /// <param name="query">The query; its table, alias, inner joins, WITH entries and conditions are used, other clauses are refused.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="SqlQuery.All"/>, or a clause a DELETE cannot use.</exception>
    /// <exception cref="NotSupportedException">A join other than INNER or CROSS, or WITH where the dialect has none on writes.</exception>
    public virtual Sql CompileDelete(QueryNode query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = SqlQuery.ApplyDialectParts(query, dialect);
        WriteClauses.Refuse(query, "a DELETE", allowWhere: true);
        var with = WriteWith(query, "a DELETE", dialect);
        if (JoinedWrites.Applies(query))
            return with + JoinedWrites.Delete(this, query, dialect) + WriteCompiler.Returning(query, WriteKind.Delete, rows: 2, upsert: false, dialect);
        var parts = new List<Sql> { with, Sql.Raw("DELETE FROM "), Identifier(query.Table) };
        AppendGuardedWhere(parts, query, "DeleteAsync", dialect);
        parts.Add(WriteCompiler.Returning(query, WriteKind.Delete, rows: 2, upsert: false, dialect));
        return Sql.Join(Sql.Empty, parts);
    }

    /// <summary>Renders the select list (<c>*</c> when empty).</summary>
    /// <param name="columns">The selected columns and expressions.</param>
    /// <param name="dialect">The target dialect (JSON paths are read its way).</param>
    protected virtual Sql VisitColumns(ImmutableArray<SelectItem> columns, SqlDialect dialect) =>
        columns.IsEmpty ? Sql.Raw("*") : Sql.Join(Sql.Raw(", "), columns.Select(c => VisitSelectItem(c, dialect)));

    /// <summary>Dispatches a select-list entry to the visit method for its node type.</summary>
    /// <param name="item">The entry.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">An entry type this compiler does not know.</exception>
    protected Sql VisitSelectItem(SelectItem item, SqlDialect dialect) => item switch
    {
        SelectColumn c => VisitColumn(c),
        SelectExpression e => VisitExpression(e),
        SelectJsonPath j => VisitJsonPath(j, dialect),
        SelectSubquery q => Sql.Raw("(") + CompileSelect(q.Query, dialect) + Sql.Raw(") AS ") + Identifier(q.Alias),
        SelectWindow w => VisitWindow(w.Window, dialect) + Sql.Raw(" AS ") + Identifier(w.Alias),
        SelectAggregate a => VisitAggregate(a.Aggregate, dialect) + Sql.Raw(" AS ") + Identifier(a.Alias),
        null => throw new ArgumentNullException(nameof(item)),
        _ => throw new NotSupportedException($"The select entry type {item.GetType().Name} is not supported by {GetType().Name}."),
    };

    /// <summary>Renders one selected column with its alias.</summary>
    /// <param name="column">The column.</param>
    protected virtual Sql VisitColumn(SelectColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.Column == "*" ? Sql.Raw("*") : Identifier(column.Column);
        return column.Alias is null ? name : name + Sql.Raw(" AS ") + Identifier(column.Alias);
    }

    /// <summary>Renders one selected expression with its alias.</summary>
    /// <param name="expression">The expression.</param>
    protected virtual Sql VisitExpression(SelectExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.Alias is null ? expression.Expression : expression.Expression + Sql.Raw(" AS ") + Identifier(expression.Alias);
    }

    /// <summary>Renders the value at a JSON path (<see cref="SqlDialect.JsonPathValue"/> with <see cref="JsonPathType.Any"/>) with its alias.</summary>
    /// <param name="item">The entry.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">The dialect cannot read JSON paths.</exception>
    protected virtual Sql VisitJsonPath(SelectJsonPath item, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(dialect);
        var value = dialect.JsonPathValue(Identifier(item.Column), item.Path, JsonPathType.Any);
        return item.Alias is null ? value : value + Sql.Raw(" AS ") + Identifier(item.Alias);
    }

    /// <summary>Renders one join.</summary>
    /// <param name="join">The join.</param>
    protected virtual Sql VisitJoin(JoinClause join)
    {
        ArgumentNullException.ThrowIfNull(join);
        var keyword = join.Kind switch
        {
            JoinKind.Inner => " INNER JOIN ",
            JoinKind.Left => " LEFT JOIN ",
            JoinKind.Right => " RIGHT JOIN ",
            JoinKind.Full => " FULL JOIN ",
            JoinKind.Cross => " CROSS JOIN ",
            _ => throw new ArgumentOutOfRangeException(nameof(join), join.Kind, "Unknown join kind."),
        };
        var table = Aliased(join.Table, join.Alias);
        if (join.Kind == JoinKind.Cross) return Sql.Raw(keyword) + table;
        var on = Sql.Raw(keyword) + table + Sql.Raw(" ON ") + Identifier(join.LeftColumn)
            + Sql.Raw(ComparisonOperators.ToPaddedSql(join.Operator)) + Identifier(join.RightColumn);
        foreach (var more in join.More)
            on += Sql.Raw(" AND ") + Identifier(more.LeftColumn) + Sql.Raw(ComparisonOperators.ToPaddedSql(more.Operator)) + Identifier(more.RightColumn);
        return on;
    }

    /// <summary>Renders one ORDER BY term.</summary>
    /// <param name="order">The term.</param>
    protected virtual Sql VisitOrder(OrderClause order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Identifier(order.Column) + Sql.Raw(order.Direction switch
        {
            SortDirection.Ascending => " ASC",
            SortDirection.Descending => " DESC",
            _ => throw new ArgumentOutOfRangeException(nameof(order), order.Direction, "Unknown sort direction."),
        });
    }

    /// <summary>
    /// The largest limit written into the text on every database: <c>LIMIT 1</c> and <c>LIMIT 2</c> are what <c>First</c>,
    /// <c>Single</c> and lookups by key ask for, and binding them cost a parameter per call, while two values cannot defeat a
    /// statement cache. The query shape cache follows the same rule.
    /// </summary>
    private const int InlinedLimit = 2;

    /// <summary>True when <paramref name="limit"/> is written into the text on every database (<see cref="InlinedLimit"/>).</summary>
    internal static bool WritesLimit(int limit) => limit is >= 0 and <= InlinedLimit;

    /// <summary>
    /// Renders <c>LIMIT</c>/<c>OFFSET</c> with the counts as parameters (or literals where the dialect
    /// <see cref="SqlDialect.InlinesPagingCounts"/>, and a limit of one or two everywhere); an offset without a limit gets
    /// the dialect's <see cref="SqlDialect.LimitForOffsetOnly"/> when it needs one.
    /// </summary>
    /// <param name="limit">The limit, or null.</param>
    /// <param name="offset">The offset, or null.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitPaging(int? limit, int? offset, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var sql = Sql.Empty;
        if (limit is { } l) sql += Sql.Raw(" LIMIT ") + (WritesLimit(l) ? Literal(l) : Count(l, dialect));
        else if (offset is not null && dialect.LimitForOffsetOnly is { } all) sql += Sql.Raw(" LIMIT ") + Sql.Raw(all);
        if (offset is { } o) sql += Sql.Raw(" OFFSET ") + Count(o, dialect);
        return sql;
    }

    private static Sql Count(int count, SqlDialect dialect) => dialect.InlinesPagingCounts ? Literal(count) : Sql.Parameter(count);

    private static Sql Literal(int count) => Sql.Raw(count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Renders <c>FUNCTION(…) OVER ([PARTITION BY …] [ORDER BY …])</c>.</summary>
    /// <param name="window">The window function.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitWindow(WindowExpression window, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(window);
        var function = window.Function switch
        {
            WindowFunction.RowNumber => Sql.Raw("ROW_NUMBER()"),
            WindowFunction.Rank => Sql.Raw("RANK()"),
            WindowFunction.DenseRank => Sql.Raw("DENSE_RANK()"),
            WindowFunction.Lag or WindowFunction.Lead => Sql.Raw(window.Function == WindowFunction.Lag ? "LAG(" : "LEAD(") + Identifier(window.Column!)
                + Sql.Raw(", " + window.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")"),
            WindowFunction.Aggregate => VisitAggregate(window.Aggregate ?? throw new ArgumentException("An aggregate window has no aggregate.", nameof(window)), dialect),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window.Function, "Unknown window function."),
        };
        var over = new List<Sql>(2);
        if (!window.Partition.IsDefaultOrEmpty) over.Add(Sql.Raw("PARTITION BY ") + Sql.Join(Sql.Raw(", "), window.Partition.Select(Identifier)));
        if (!window.Order.IsDefaultOrEmpty) over.Add(Sql.Raw("ORDER BY ") + Sql.Join(Sql.Raw(", "), window.Order.Select(VisitOrder)));
        return function + Sql.Raw(" OVER (") + Sql.Join(Sql.Raw(" "), over) + Sql.Raw(")");
    }

    /// <summary>Renders a <c>VALUES</c> list (<see cref="QueryNode.Rows"/>), each row through <see cref="SqlDialect.ValuesRow"/>, every value a parameter.</summary>
    /// <param name="query">The node holding the rows.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitValues(QueryNode query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        return Sql.Raw("VALUES ") + Sql.Join(Sql.Raw(", "), query.Rows.Select(row => dialect.ValuesRow(Sql.Join(Sql.Raw(", "), row.Select(Sql.Parameter)))));
    }

    private void AppendFrom(List<Sql> parts, QueryNode query, SqlDialect dialect)
    {
        if (query.WithoutFrom)
        {
            if (dialect.FromlessSelectTable is { } table) parts.Add(Sql.Raw(" FROM " + table));
            return;
        }
        parts.Add(Sql.Raw(" FROM "));
        parts.Add(query.FromSubquery is { } derived
            ? Sql.Raw("(") + CompileSelect(derived.Query, dialect) + Sql.Raw(") ") + Identifier(derived.Alias)
            : query.FromRaw is { } raw ? raw + Sql.Raw(" AS ") + Identifier(query.Table)
            : Aliased(query.Table, query.Alias));
        foreach (var join in query.Joins)
        {
            ClauseCompiler.CheckJoin(join, dialect);
            parts.Add(VisitJoin(join));
        }
    }

    /// <summary>The conditions rendered as in WHERE, for the write forms in <see cref="JoinedWrites"/>.</summary>
    internal Sql? RenderConditions(ImmutableArray<ConditionClause> clauses, SqlDialect dialect) => VisitClauses(clauses, dialect);

    /// <summary>One join rendered as in a SELECT, for MySQL's multi-table writes.</summary>
    internal Sql RenderJoin(JoinClause join) => VisitJoin(join);

    /// <summary>The <c>WITH … </c> before an UPDATE or DELETE, or nothing.</summary>
    /// <exception cref="NotSupportedException">The dialect has no WITH on UPDATE and DELETE.</exception>
    private Sql WriteWith(QueryNode query, string statement, SqlDialect dialect)
    {
        if (query.With.IsDefaultOrEmpty) return Sql.Empty;
        if (!dialect.SupportsWithOnUpdateDelete)
            throw new NotSupportedException(
                $"{dialect.Name} has no WITH before {statement} (on '{query.Table}'): put the common table expression's query where it is read " +
                "(WhereIn(column, subquery), WhereExists, or a join on AsSubquery).");
        return ClauseCompiler.With(this, query, dialect);
    }

    private void AppendWhere(List<Sql> parts, ImmutableArray<ConditionClause> where, SqlDialect dialect)
    {
        if (VisitClauses(where, dialect) is not { } condition) return;
        parts.Add(Sql.Raw(" WHERE "));
        parts.Add(condition);
    }

    private void AppendGuardedWhere(List<Sql> parts, QueryNode query, string operation, SqlDialect dialect)
    {
        var count = parts.Count;
        AppendWhere(parts, query.Where, dialect);
        if (parts.Count == count && !query.AllRows)
            throw new InvalidOperationException(
                $"{operation} on '{query.Table}' has no Where condition and would change every row. Add a condition, or call All() first if every row is meant.");
    }

    private static Sql Identifier(string name) => Sql.Identifier(name);

    /// <summary><c>table</c>, or <c>table AS alias</c>: every dialect takes AS before a table alias.</summary>
    private static Sql Aliased(string table, string? alias) =>
        alias is null ? Identifier(table) : Identifier(table) + Sql.Raw(" AS ") + Identifier(alias);

    private static Sql Value(object? value) => value as Sql ?? Sql.Parameter(value);
}
