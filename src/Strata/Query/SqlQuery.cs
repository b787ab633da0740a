using System.Collections.Immutable;
using Strata.Dialects;
using Strata.Plugins;
using Strata.Query;

namespace Strata;

/// <summary>
/// An immutable query built by name: <c>db.From("users").Where("age", "&gt;", 18).OrderByDescending("created_at").Limit(10)</c>.
/// Every builder call returns a new query and leaves this one unchanged, so a base query can be
/// kept and shared across threads. The terminal methods (<see cref="QueryExecution"/>) run it through
/// the session that built it, so the command pipeline, mapping and transactions apply.
/// </summary>
/// <remarks>
/// Identifiers (tables, columns, aliases) are validated and quoted by the dialect; operators come
/// from a fixed set; sort directions are an enum; every value is a parameter. Invalid input throws
/// <see cref="ArgumentException"/> when the call is made.
/// </remarks>
public sealed partial class SqlQuery : ConditionBuilder<SqlQuery>
{
    /// <summary>An unbound query on <paramref name="table"/>, for <see cref="ToSql(SqlDialect?)"/> with an explicit dialect.
    /// Use <see cref="IDbSession.From(string)"/> for a query that can run.</summary>
    /// <param name="table">The table, optionally schema-qualified, with an optional alias: <c>"users"</c>, <c>"app.users"</c>, <c>"users AS u"</c>.</param>
    /// <exception cref="ArgumentException">An invalid table name or alias.</exception>
    public SqlQuery(string table) : this(null, FromNode(TableReference.Parse(table)))
    {
    }

    internal SqlQuery(IDbSession? session, string table, string? alias = null) : this(session, FromNode(TableReference.Parse(table, alias)))
    {
        if (session is SessionBase bound) _plugins = bound.Owner.Plugins.ForTable(Node.Table);
    }

    private SqlQuery(IDbSession? session, QueryNode node, ImmutableArray<IDatabasePlugin> plugins = default, ImmutableDictionary<string, object?>? hints = null)
    {
        Session = session;
        Node = node;
        _plugins = plugins.IsDefault ? [] : plugins;
        _hints = hints ?? NoHints;
    }

    // WithComparers makes a new empty dictionary on every call.
    private static readonly ImmutableDictionary<string, object?> NoHints = ImmutableDictionary<string, object?>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase);

    private readonly ImmutableArray<IDatabasePlugin> _plugins;
    private readonly ImmutableDictionary<string, object?> _hints;

    /// <summary>The plugins that rewrite this query when it runs: those enabled for its table, and for a typed query its entity's.</summary>
    public IReadOnlyList<IDatabasePlugin> Plugins => _plugins;

    /// <summary>Hints for the plugins, set with <see cref="WithHint"/> (e.g. by <c>WithDeleted()</c>).</summary>
    public IReadOnlyDictionary<string, object?> Hints => _hints;

    /// <summary>A copy carrying the hint <paramref name="name"/> = <paramref name="value"/> for the query's plugins.</summary>
    /// <param name="name">The hint's name, by convention the plugin's name.</param>
    /// <param name="value">The value; null removes the hint.</param>
    public SqlQuery WithHint(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new SqlQuery(Session, Node, _plugins, value is null ? _hints.Remove(name) : _hints.SetItem(name, value));
    }

    /// <summary>
    /// A copy whose reads (<c>ToListAsync</c>, <c>FirstAsync</c>, <c>FirstOrDefaultAsync</c>, <c>SingleAsync</c>, <c>CountAsync</c>,
    /// <c>ExistsAsync</c> and the aggregates; not <c>StreamAsync</c>) are cached in the database's
    /// <see cref="DatabaseOptions.QueryCache"/> for <paramref name="ttl"/>, keyed by the SQL text and parameter values and
    /// tagged with the tables the query reads (its table, joins, subqueries, unions and common table expressions). A write
    /// to one of them through Strata invalidates the result when it commits.
    /// </summary>
    /// <param name="ttl">How long a result may be kept: more than zero, at most a day.</param>
    /// <param name="tables">Further tables the result depends on, which Strata cannot see: those under a view, or read by a raw condition.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or over a day.</exception>
    /// <exception cref="ArgumentException">A table name is not a valid identifier.</exception>
    /// <remarks>
    /// Running it on a database without a query cache throws <see cref="InvalidOperationException"/>. Inside a transaction
    /// that has written one of its tables the read bypasses the cache, so the transaction sees its own writes.
    /// </remarks>
    public SqlQuery Cached(TimeSpan ttl, params string[] tables) => WithHint(Caching.QueryCacheDirective.HintName, Caching.QueryCacheDirective.Create(ttl, tables));

    /// <summary>A copy that is also rewritten by <paramref name="plugins"/> (each plugin at most once).</summary>
    internal SqlQuery WithPlugins(ImmutableArray<IDatabasePlugin> plugins)
    {
        List<IDatabasePlugin>? all = null;
        // By index: a typed query adds its entity's plugins each time it is made, and a foreach over the interface would box.
        for (var i = 0; i < plugins.Length; i++)
        {
            var plugin = plugins[i];
            if (_plugins.Contains(plugin) || all?.Contains(plugin) == true) continue;
            (all ??= [.. _plugins]).Add(plugin);
        }
        // Usually every plugin is the table's already (an entity's are its table's): then the query stays as it is.
        return all is null ? this : new SqlQuery(Session, Node, [.. all], _hints);
    }

    /// <summary>The bound session and the AST to compile for <paramref name="operation"/>, after the plugins rewrote it.</summary>
    internal (IDbSession Session, QueryNode Node) Prepare(QueryOperation operation, [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        var session = BoundSession(caller);
        if (_plugins.IsEmpty || (operation is QueryOperation.Select or QueryOperation.Aggregate && !RewritesReads)) return (session, Node);
        var context = new QueryRewriteContext(session, operation, Node, _hints, null);
        foreach (var plugin in _plugins) plugin.Rewrite(context);
        return (session, context.Node);
    }

    /// <summary>True when one of the query's plugins may change a read.</summary>
    internal bool RewritesReads
    {
        get
        {
            // By index: a foreach over the interface would box.
            for (var i = 0; i < _plugins.Length; i++)
            {
                if (_plugins[i].RewritesReads) return true;
            }
            return false;
        }
    }

    /// <summary>For a delete: the bound session, the AST, and the values to update with instead when a plugin says so.</summary>
    internal (IDbSession Session, QueryNode Node, IReadOnlyList<KeyValuePair<string, object?>>? UpdateInstead) PrepareDelete(
        [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        var session = BoundSession(caller);
        if (_plugins.IsEmpty) return (session, Node, null);
        var context = new QueryRewriteContext(session, QueryOperation.Delete, Node, _hints, null);
        foreach (var plugin in _plugins) plugin.Rewrite(context);
        if (context.UpdateInstead is null) return (session, context.Node, null);
        // The delete became an update: let the plugins see it as one (timestamps, tenants).
        var values = context.UpdateInstead.ToList();
        var update = new QueryRewriteContext(session, QueryOperation.Update, context.Node, _hints, values);
        foreach (var plugin in _plugins) plugin.Rewrite(update);
        return (session, update.Node, values);
    }

    /// <summary>
    /// For a write of one row (<see cref="QueryOperation.Insert"/> or <see cref="QueryOperation.Update"/>): the bound session and
    /// the statement, rendered through the query shape cache once the plugins have set their values.
    /// </summary>
    internal (IDbSession Session, Sql Statement) PrepareWrite(QueryOperation operation, object values,
        [System.Runtime.CompilerServices.CallerMemberName] string? caller = null)
    {
        var session = BoundSession(caller);
        var given = ColumnValues.From(values, session);
        // The pairs are this call's own list, so the plugins may change it in place.
        var (node, pairs) = _plugins.IsEmpty ? (Node, given) : RewriteRow(session, operation, given);
        var dialect = session.Dialect;
        return (session, Sql.Rendered(dialect, operation == QueryOperation.Insert
            ? QueryShapeCache.RenderInsert(node, pairs, dialect)
            : QueryShapeCache.RenderUpdate(node, pairs, dialect)));
    }

    /// <summary>What the plugins make of one row of a write (null when there are none), for multi-row writes.</summary>
    /// <remarks>Columns a plugin sets as insert-only are added to <paramref name="insertOnly"/> (an upsert leaves them out of its update).</remarks>
    internal Func<IReadOnlyList<KeyValuePair<string, object?>>, IReadOnlyList<KeyValuePair<string, object?>>>? RowRewriter(IDbSession session, QueryOperation operation,
        HashSet<string>? insertOnly = null) =>
        _plugins.IsEmpty ? null : pairs => RewriteRow(session, operation, [.. pairs], insertOnly).Values;

    /// <summary>Lets the plugins rewrite the query and <paramref name="values"/>, which they change in place.</summary>
    private (QueryNode Node, IReadOnlyList<KeyValuePair<string, object?>> Values) RewriteRow(IDbSession session, QueryOperation operation,
        List<KeyValuePair<string, object?>> values, HashSet<string>? insertOnly = null)
    {
        var context = new QueryRewriteContext(session, operation, Node, _hints, values);
        foreach (var plugin in _plugins) plugin.Rewrite(context);
        if (insertOnly is not null) insertOnly.UnionWith(context.InsertOnly);
        return (context.Node, values);
    }

    /// <summary>The session the terminal methods run through, or null for an unbound query.</summary>
    public IDbSession? Session { get; }

    /// <summary>The query's AST.</summary>
    public QueryNode Node { get; }

    /// <inheritdoc />
    public override ImmutableArray<ConditionClause> Conditions => Node.Where;

    private protected override SqlQuery WithConditions(ImmutableArray<ConditionClause> conditions)
    {
        RefuseAggregates(conditions, Node.Where.Length);
        return With(Node with { Where = conditions });
    }

    private protected override IDbSession? NamingSession => Session;

    /// <summary>Adds columns to select (<c>*</c>, <c>table.*</c>, <c>name</c>, <c>table.name</c>); none selects <c>*</c>.</summary>
    /// <param name="columns">Column names. <c>"name as alias"</c> is refused: use <see cref="SelectAs"/>.</param>
    /// <exception cref="ArgumentException">An invalid column name.</exception>
    public SqlQuery Select(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var added = Node.Columns.ToBuilder();
        foreach (var column in columns) added.Add(new SelectColumn(Column(column), null));
        return With(Node with { Columns = added.ToImmutable() });
    }

    /// <summary>Adds <c>column AS alias</c> to the selected columns.</summary>
    /// <param name="column">The column.</param>
    /// <param name="alias">A plain name (no dots, no <c>*</c>).</param>
    /// <exception cref="ArgumentException">An invalid column or alias.</exception>
    public SqlQuery SelectAs(string column, string alias)
    {
        var name = Column(column);
        return With(Node with { Columns = Node.Columns.Add(new SelectColumn(name, Alias(alias))) });
    }

    /// <summary>Adds a SQL expression to the selected columns: <c>SelectRaw($"COUNT(*)", "orders")</c>.</summary>
    /// <param name="expression">The fragment; holes are parameters.</param>
    /// <param name="alias">A plain name for the result column, or null.</param>
    /// <exception cref="ArgumentException">An empty fragment or an invalid alias.</exception>
    public SqlQuery SelectRaw(Sql expression, string? alias = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.IsEmpty) throw new ArgumentException("A selected expression must not be empty.", nameof(expression));
        return With(Node with { Columns = Node.Columns.Add(new SelectExpression(expression, alias is null ? null : Alias(alias))) });
    }

    /// <summary>Selects distinct rows only (<c>SELECT DISTINCT</c>).</summary>
    public SqlQuery Distinct() => With(Node with { IsDistinct = true });

    /// <summary>
    /// Reads the query's table by <paramref name="alias"/> (<c>FROM users AS u</c>), so columns can be qualified with it
    /// (<c>u.name</c>) in selects, joins and conditions; the same as <c>db.From("users AS u")</c> or <c>db.From("users", "u")</c>.
    /// Once aliased, SQL no longer accepts the table's own name as a qualifier.
    /// </summary>
    /// <param name="alias">A plain name (no dots, no <c>*</c>).</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    /// <exception cref="InvalidOperationException">The query reads a subquery (<see cref="QueryClauses.AsSubquery"/> names it already).</exception>
    public SqlQuery As(string alias)
    {
        var name = Alias(alias);
        if (Node.FromSubquery is not null)
            throw new InvalidOperationException($"This query reads a subquery already named '{Node.Table}'; name it in AsSubquery(alias) instead.");
        return With(Node with { Alias = name });
    }

    /// <summary>Adds <c>INNER JOIN table ON left op right</c>; <c>Join("orgs AS o", "u.org_id", "=", "o.id")</c> gives the joined table an alias.</summary>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="leftColumn">The first column, e.g. <c>users.id</c>.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="rightColumn">The second column, e.g. <c>orders.user_id</c>.</param>
    /// <exception cref="ArgumentException">An invalid table, column or operator.</exception>
    public SqlQuery Join(string table, string leftColumn, string op, string rightColumn) => AddJoin(JoinKind.Inner, table, leftColumn, op, rightColumn);

    /// <summary>Adds <c>LEFT JOIN table ON left op right</c>.</summary>
    /// <param name="table">The joined table, with an optional alias (<c>"orgs AS o"</c>).</param>
    /// <param name="leftColumn">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="rightColumn">The second column.</param>
    /// <exception cref="ArgumentException">An invalid table, column or operator.</exception>
    public SqlQuery LeftJoin(string table, string leftColumn, string op, string rightColumn) => AddJoin(JoinKind.Left, table, leftColumn, op, rightColumn);

    /// <summary>Adds an ascending ORDER BY term.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public SqlQuery OrderBy(string column) => OrderBy(column, SortDirection.Ascending);

    /// <summary>Adds a descending ORDER BY term.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public SqlQuery OrderByDescending(string column) => OrderBy(column, SortDirection.Descending);

    /// <summary>Adds an ORDER BY term in <paramref name="direction"/>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="direction">Ascending or descending.</param>
    /// <exception cref="ArgumentException">An invalid column or direction.</exception>
    public SqlQuery OrderBy(string column, SortDirection direction)
    {
        var name = Column(column);
        if (!Enum.IsDefined(direction)) throw new ArgumentException($"Unknown sort direction {(int)direction}.", nameof(direction));
        return With(Node with { OrderBy = Node.OrderBy.Add(new OrderClause(name, direction)) });
    }

    /// <summary>Adds GROUP BY columns.</summary>
    /// <param name="columns">The columns.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public SqlQuery GroupBy(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var added = Node.GroupBy.ToBuilder();
        foreach (var column in columns) added.Add(Column(column));
        return With(Node with { GroupBy = added.ToImmutable() });
    }

    /// <summary>Returns at most <paramref name="count"/> rows (each dialect's paging syntax; the count is a parameter).</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public SqlQuery Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(Node with { Limit = count });
    }

    /// <summary>Skips the first <paramref name="count"/> rows; pair it with an ORDER BY for stable pages.</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public SqlQuery Offset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(Node with { Offset = count });
    }

    /// <summary>
    /// Locks the selected rows until the transaction ends (<c>FOR UPDATE</c>). On a dialect without row
    /// locks (<see cref="SqlDialect.SupportsRowLocks"/> false, e.g. SQLite, whose writing transaction
    /// already locks the whole database) it adds nothing.
    /// </summary>
    public SqlQuery ForUpdate() => With(Node with { ForUpdate = true });

    /// <summary>
    /// Makes an INSERT, UPDATE or DELETE return these columns of the written rows (<c>RETURNING</c>), read with
    /// the generic write methods (<see cref="QueryWrites.InsertAsync{T}"/> and friends). Native where the dialect has
    /// it; without it (MySQL) only the generated key of a single-row insert comes back, through
    /// <see cref="SqlDialect.LastInsertIdSql"/> in the same command, and anything more throws
    /// <see cref="NotSupportedException"/> when the write is compiled.
    /// </summary>
    /// <param name="columns">Column names, or <c>*</c>.</param>
    /// <exception cref="ArgumentException">No columns, or an invalid column name.</exception>
    public SqlQuery Returning(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Returning needs at least one column (or \"*\").", nameof(columns));
        // The usual case, every column of a row a repository writes, without building a list each time.
        if (Node.Returning.IsEmpty && columns is ["*"]) return With(Node with { Returning = AllReturned });
        var added = Node.Returning.ToBuilder();
        foreach (var column in columns) added.Add(Column(column));
        return With(Node with { Returning = added.ToImmutable() });
    }

    private static readonly ImmutableArray<string> AllReturned = ["*"];

    /// <summary>Allows <see cref="QueryExecution.UpdateAsync(SqlQuery, object, CancellationToken)"/> and
    /// <see cref="QueryExecution.DeleteAsync"/> to touch every row when the query has no condition.</summary>
    public SqlQuery All() => With(Node with { AllRows = true });

    /// <summary>The compiled SELECT: its text and parameter values, without running it. Values are never inlined.</summary>
    /// <param name="dialect">The dialect to compile for; null uses the bound session's.</param>
    /// <exception cref="InvalidOperationException">No dialect given and the query is not bound to a session.</exception>
    /// <remarks>A bound query shows the SELECT as its plugins rewrite it (what runs).</remarks>
    public RenderedSql ToSql(SqlDialect? dialect = null)
    {
        var d = DialectOr(dialect);
        var node = Session is null || _plugins.IsEmpty ? Node : Prepare(QueryOperation.Select).Node;
        return QueryShapeCache.Render(node, SqlStatementKind.Select, d);
    }

    /// <summary>The compiled INSERT of one row into the query's table, without running it.</summary>
    /// <param name="values">Column values: a dictionary (keys are column names) or an object (see <see cref="QueryExecution.InsertAsync(SqlQuery, object, CancellationToken)"/>).</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="ArgumentException">No values, or an invalid column name.</exception>
    /// <exception cref="InvalidOperationException">The query has clauses an INSERT cannot use, or no dialect is known.</exception>
    public RenderedSql ToInsertSql(object values, SqlDialect? dialect = null)
    {
        var d = DialectOr(dialect);
        return QueryCompiler.Default.CompileInsert(Node, ColumnValues.From(values, Session), d).Render(d);
    }

    /// <summary>The compiled UPDATE of the rows the conditions match, without running it.</summary>
    /// <param name="values">Column values, as for <see cref="ToInsertSql"/>.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="ArgumentException">No values, or an invalid column name.</exception>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="All"/>, clauses an UPDATE cannot use, or no dialect.</exception>
    public RenderedSql ToUpdateSql(object values, SqlDialect? dialect = null)
    {
        var d = DialectOr(dialect);
        return QueryCompiler.Default.CompileUpdate(Node, ColumnValues.From(values, Session), d).Render(d);
    }

    /// <summary>The compiled DELETE of the rows the conditions match, without running it.</summary>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="InvalidOperationException">No condition and no <see cref="All"/>, clauses a DELETE cannot use, or no dialect.</exception>
    public RenderedSql ToDeleteSql(SqlDialect? dialect = null)
    {
        var d = DialectOr(dialect);
        return QueryCompiler.Default.CompileDelete(Node, d).Render(d);
    }

    /// <summary>A copy of this query with another AST, bound to the same session.</summary>
    /// <param name="node">The new AST.</param>
    public SqlQuery With(QueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new SqlQuery(Session, node, _plugins, _hints);
    }

    internal IDbSession BoundSession([System.Runtime.CompilerServices.CallerMemberName] string? caller = null) =>
        Session ?? throw new InvalidOperationException(
            $"{caller} needs a query bound to a session: start it with db.From(\"{Node.Table}\") (or tx.From) instead of new Query(…).");

    internal SqlDialect DialectOr(SqlDialect? dialect) =>
        dialect ?? Session?.Dialect ?? throw new InvalidOperationException(
            "This query is not bound to a session: pass the dialect to compile for, or start it with db.From(…).");

    private SqlQuery AddJoin(JoinKind kind, string table, string leftColumn, string op, string rightColumn)
    {
        var joined = TableReference.Parse(table);
        var join = new JoinClause(kind, joined.Table, Column(leftColumn), ComparisonOperators.Parse(op), Column(rightColumn)) { Alias = joined.Alias };
        return With(Node with { Joins = Node.Joins.Add(join) });
    }

    private static QueryNode FromNode(TableReference table) => new(table.Table) { Alias = table.Alias };

    /// <summary>Validates a single name used as an alias or a CTE name: no dots, no <c>*</c>.</summary>
    internal static string Alias(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        SqlIdentifier.Validate(alias);
        if (alias.Contains('.', StringComparison.Ordinal) || alias.Contains('*', StringComparison.Ordinal))
            throw new ArgumentException($"'{alias}' is not a valid name here: use a single name without dots or '*' (for example 'u' or 'totals').", nameof(alias));
        return alias;
    }

    /// <summary>Validates a single column name (qualified or not) where <c>*</c> cannot stand.</summary>
    internal static string ColumnName(string column, string parameter)
    {
        ArgumentNullException.ThrowIfNull(column, parameter);
        SqlIdentifier.Validate(column);
        if (column.Contains('*', StringComparison.Ordinal))
            throw new ArgumentException($"'{column}' is not a column name: '*' selects all columns and cannot stand where one column is needed.", parameter);
        return column;
    }

    /// <summary>Validates a (possibly schema-qualified) table name.</summary>
    internal static string Table(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        SqlIdentifier.Validate(table);
        if (table.EndsWith('*')) throw new ArgumentException($"'{table}' is not a table name: give the table, optionally with its schema ('app.users').", nameof(table));
        return table;
    }
}
