using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Strata.Dialects;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// An immutable typed query over the table of <typeparamref name="T"/>:
/// <c>db.From&lt;User&gt;().Where(u => u.Active &amp;&amp; u.Age >= min).OrderBy(u => u.Name)</c>. It wraps a by-name
/// <see cref="SqlQuery"/> (the same AST and compiler), whose table and column names come from
/// <see cref="EntityMap{T}"/>. Every call returns a new query, so a base query can be kept and shared across threads.
/// </summary>
/// <typeparam name="T">The mapped entity type; rows are mapped back to it by the session's row mapper.</typeparam>
/// <remarks>
/// Lambdas are translated when the call is made (see <see cref="Where(Expression{Func{T, bool}})"/>): what cannot be translated throws
/// <see cref="NotSupportedException"/> naming the expression. Captured values are read at that moment and
/// sent as parameters. Terminal methods are in <see cref="TypedQueryExecution"/>.
/// </remarks>
public sealed partial class SqlQuery<[DynamicallyAccessedMembers(MappedMembers.Types)] T>
{
    /// <summary>An unbound query on the mapped table of <typeparamref name="T"/>, for <see cref="ToSql"/> with an explicit dialect.
    /// Use <see cref="IDbSession.From{T}()"/> for a query that can run.</summary>
    /// <param name="table">The table; null for the mapped one (<c>[Table]</c> or the convention).</param>
    /// <param name="convention">The naming convention for columns; null for <see cref="NamingConvention.SnakeCase"/>.</param>
    /// <exception cref="ArgumentException">An invalid table name.</exception>
    public SqlQuery(string? table = null, NamingConvention? convention = null)
    {
        Map = EntityMap.For<T>(convention);
        ByName = new SqlQuery(table ?? Map.Table);
        _scope = new ColumnScope(typeof(T), Map.Finder, null);
    }

    internal SqlQuery(IDbSession session, string? table, NamingConvention convention)
    {
        Map = EntityMap.For<T>(convention);
        ByName = session.From(table ?? Map.Table);
        if (session is SessionBase bound) ByName = ByName.WithPlugins(bound.Owner.Plugins.ForEntity(typeof(T), ByName.Node.Table));
        _scope = new ColumnScope(typeof(T), Map.Finder, null, (session as SessionBase)?.Pipeline.Json);
    }

    private SqlQuery(SqlQuery byName, EntityMap<T> map, ColumnScope scope, ImmutableArray<ColumnScope> joined)
    {
        ByName = byName;
        Map = map;
        _scope = scope;
        _joined = joined;
    }

    private readonly ColumnScope _scope;
    private readonly ImmutableArray<ColumnScope> _joined = [];

    /// <summary>The by-name query this wraps: its AST, session, and the by-name builder methods (joins, grouping, raw conditions).</summary>
    public SqlQuery ByName { get; }

    /// <summary>The table and column mapping used to translate the lambdas.</summary>
    public EntityMap<T> Map { get; }

    /// <summary>
    /// Adds a condition (joined with AND to earlier ones). Translated: member access on the parameter
    /// (a column), captured values and constants (parameters), <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>&amp;&amp; || !</c>,
    /// <c>== null</c>/<c>!= null</c> (IS [NOT] NULL), a bool member alone (<c>= true</c>), string
    /// <c>Contains/StartsWith/EndsWith</c> (LIKE with <c>%</c>, <c>_</c> and the escape character <c>!</c> escaped,
    /// case sensitivity as the database's LIKE; with <see cref="StringComparison.OrdinalIgnoreCase"/> case-insensitive everywhere:
    /// <c>ILIKE</c> on PostgreSQL, <c>LOWER(column) LIKE LOWER(value)</c> elsewhere; a case-sensitive <see cref="StringComparison"/> throws),
    /// and a captured collection's <c>Contains(x.Member)</c> (IN; empty matches nothing).
    /// Conditions keep SQL's meaning of NULL: <c>x.Score != 5</c> does not match a row whose score is NULL.
    /// </summary>
    /// <param name="predicate">The condition.</param>
    /// <exception cref="NotSupportedException">Any other expression; the message names it.</exception>
    public SqlQuery<T> Where(Expression<Func<T, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return AddWhere(ExpressionTranslator.Where(predicate, _scope));
    }

    /// <summary>
    /// Adds <c>column = value</c> for each member of an object or entry of a dictionary (IS NULL for null), joined with AND:
    /// <c>Where(new { active = true, org_id = 5 })</c>; see <see cref="ConditionBuilder{TSelf}.Where(object)"/>. Names are columns, not
    /// members of <typeparamref name="T"/>: an object's member names go through the database's naming convention.
    /// </summary>
    /// <param name="columns">An object with readable properties, or a dictionary of column names to values.</param>
    /// <exception cref="ArgumentException">No members, an invalid column name, a list as a value, or a string in place of the object.</exception>
    public SqlQuery<T> Where(object columns) => With(ByName.Where(columns));

    /// <summary>Adds <c>column = value</c> for each entry (IS NULL for null), joined with AND; an empty dictionary adds nothing.</summary>
    /// <param name="columns">Column names and their values.</param>
    /// <exception cref="ArgumentException">An invalid column name, or a list as a value.</exception>
    public SqlQuery<T> Where(IReadOnlyDictionary<string, object?> columns) => With(ByName.Where(columns));

    /// <summary>A copy whose reads are cached for <paramref name="ttl"/>; see <see cref="SqlQuery.Cached"/>.</summary>
    /// <param name="ttl">How long a result may be kept: more than zero, at most a day.</param>
    /// <param name="tables">Further tables the result depends on, which Strata cannot see (views, raw conditions).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or over a day.</exception>
    /// <exception cref="ArgumentException">A table name is not a valid identifier.</exception>
    public SqlQuery<T> Cached(TimeSpan ttl, params string[] tables) => With(ByName.Cached(ttl, tables));

    /// <summary>Adds a condition written in SQL (joined with AND), for what a lambda cannot say: <c>WhereRaw($"lower(email) = {email}")</c>.</summary>
    /// <param name="condition">The fragment; holes are parameters.</param>
    /// <exception cref="ArgumentException">The fragment is empty.</exception>
    public SqlQuery<T> WhereRaw(Sql condition) => With(ByName.WhereRaw(condition));

    /// <summary>Adds an ascending ORDER BY term on the selected member's column.</summary>
    /// <param name="key">A member of the entity, like <c>u => u.Name</c>.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> OrderBy<TKey>(Expression<Func<T, TKey>> key) => Order(key, SortDirection.Ascending, nameof(OrderBy));

    /// <summary>Adds a descending ORDER BY term on the selected member's column.</summary>
    /// <param name="key">A member of the entity.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> OrderByDescending<TKey>(Expression<Func<T, TKey>> key) => Order(key, SortDirection.Descending, nameof(OrderByDescending));

    /// <summary>Adds a further ascending ORDER BY term (the same as <see cref="OrderBy{TKey}"/>: terms apply in call order).</summary>
    /// <param name="key">A member of the entity.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> ThenBy<TKey>(Expression<Func<T, TKey>> key) => Order(key, SortDirection.Ascending, nameof(ThenBy));

    /// <summary>Adds a further descending ORDER BY term.</summary>
    /// <param name="key">A member of the entity.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> ThenByDescending<TKey>(Expression<Func<T, TKey>> key) => Order(key, SortDirection.Descending, nameof(ThenByDescending));

    /// <summary>
    /// Selects columns into another shape: <c>Select(u => new { u.Id, u.Email })</c>, <c>Select(u => new Summary(u.Id, u.Email))</c>,
    /// <c>Select(u => new Summary { Id = u.Id })</c> or one member (<c>Select(u => u.Email)</c>). Each column is aliased to the
    /// member or constructor parameter it fills, so the row mapper fills <typeparamref name="TResult"/>.
    /// </summary>
    /// <param name="projection">The projection; each value must be a mapped member of the entity.</param>
    /// <exception cref="NotSupportedException">Anything else in the projection (a computed value, a method call).</exception>
    public ProjectedQuery<TResult> Select<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(Expression<Func<T, TResult>> projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return new ProjectedQuery<TResult>(ByName.With(ByName.Node with { Columns = ExpressionTranslator.Projection(projection, _scope) }));
    }

    /// <summary>Selects distinct rows only (<c>SELECT DISTINCT</c>).</summary>
    public SqlQuery<T> Distinct() => With(ByName.Distinct());

    /// <summary>
    /// Reads the table by <paramref name="alias"/> (<c>FROM users AS u</c>), like <c>db.From&lt;User&gt;("users AS u")</c>: columns of
    /// later typed joins are qualified with it, and by-name conditions (<see cref="WhereRaw"/>, <see cref="ByName"/>) can use <c>u.name</c>.
    /// </summary>
    /// <param name="alias">A plain name (no dots, no <c>*</c>).</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    /// <exception cref="InvalidOperationException">The query already joins another table: alias it before joining.</exception>
    public SqlQuery<T> As(string alias)
    {
        if (!_joined.IsEmpty)
            throw new InvalidOperationException($"As(\"{alias}\") must come before Join: the joined columns are already qualified with '{ByName.Node.Alias ?? ByName.Node.Table}'.");
        return With(ByName.As(alias));
    }

    /// <summary>Returns at most <paramref name="count"/> rows.</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public SqlQuery<T> Limit(int count) => With(ByName.Limit(count));

    /// <summary>Skips the first <paramref name="count"/> rows; pair it with an ORDER BY for stable pages.</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public SqlQuery<T> Offset(int count) => With(ByName.Offset(count));

    /// <summary>Allows <see cref="TypedQueryWrites.UpdateAsync{T}"/> and <see cref="TypedQueryWrites.DeleteAsync{T}"/> without a condition, touching every row.</summary>
    public SqlQuery<T> All() => With(ByName.All());

    /// <summary>Locks the selected rows until the transaction ends; see <see cref="SqlQuery.ForUpdate"/> (nothing on SQLite).</summary>
    public SqlQuery<T> ForUpdate() => With(ByName.ForUpdate());

    /// <summary>The compiled SELECT: text and parameter values, without running it. Values are never inlined.</summary>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="InvalidOperationException">No dialect given and the query is not bound to a session.</exception>
    public RenderedSql ToSql(SqlDialect? dialect = null) => ByName.ToSql(dialect);

    /// <summary>The column a member selector names, e.g. for an aggregate.</summary>
    internal string ColumnOf(LambdaExpression selector, string clause)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return ExpressionTranslator.Column(selector, clause, _scope);
    }

    private SqlQuery<T> Order(LambdaExpression key, SortDirection direction, string clause)
    {
        ArgumentNullException.ThrowIfNull(key);
        return With(ByName.OrderBy(ExpressionTranslator.Column(key, clause, _scope), direction));
    }

    private SqlQuery<T> AddWhere(ImmutableArray<ConditionClause> clauses) =>
        With(ByName.With(ByName.Node with { Where = ByName.Node.Where.AddRange(clauses) }));

    /// <summary>A copy carrying a hint for the query's plugins (see <see cref="SqlQuery.WithHint"/>).</summary>
    /// <param name="name">The hint's name.</param>
    /// <param name="value">The value; null removes it.</param>
    public SqlQuery<T> WithHint(string name, object? value) => With(ByName.WithHint(name, value));

    /// <summary>A copy whose by-name query is changed by <paramref name="change"/> (by-name conditions, locks, paging) and stays typed.</summary>
    internal SqlQuery<T> ByNameChanged(Func<SqlQuery, SqlQuery> change) => With(change(ByName));

    /// <summary>This query with <c>WHERE column = value</c> by column name, without the closure <see cref="ByNameChanged"/> would take.</summary>
    internal SqlQuery<T> WhereByName(string column, object? value) => With(ByName.Where(column, value));

    private SqlQuery<T> With(SqlQuery byName) => new(byName, Map, _scope, _joined);
}
