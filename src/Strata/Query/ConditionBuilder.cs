using System.Collections;
using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

/// <summary>
/// The WHERE family shared by <see cref="SqlQuery"/> and <see cref="ConditionGroup"/>: every method
/// returns a new instance with one more condition and leaves this one unchanged.
/// </summary>
/// <typeparam name="TSelf">The builder type returned by each call.</typeparam>
/// <remarks>
/// Columns are validated with <see cref="SqlIdentifier.Validate(string)"/> and quoted by the dialect;
/// operators come from a fixed set; values are always parameters. Consecutive conditions join with
/// AND (the <c>Or…</c> methods with OR), and AND binds tighter than OR as in SQL: use a group,
/// <c>Where(g => g.Where(…).OrWhere(…))</c>, for another order.
/// </remarks>
public abstract partial class ConditionBuilder<TSelf> where TSelf : ConditionBuilder<TSelf>
{
    private protected ConditionBuilder()
    {
    }

    /// <summary>The conditions so far, with their connectors.</summary>
    public abstract ImmutableArray<ConditionClause> Conditions { get; }

    private protected abstract TSelf WithConditions(ImmutableArray<ConditionClause> conditions);

    /// <summary>
    /// Adds <c>column op value</c>; <c>= null</c> becomes IS NULL and <c>&lt;&gt; null</c> IS NOT NULL. A <see cref="SqlQuery"/> as the value
    /// compares with its single value: <c>Where("price", "&gt;", db.From("products").SelectAggregate(Aggregate.Avg("price"), "avg"))</c>
    /// renders <c>"price" &gt; (SELECT …)</c>.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter, or a subquery selecting one column and at most one row.</param>
    /// <exception cref="ArgumentException">An invalid column, an unknown operator, or a value that is a list (use <see cref="WhereIn(string, IEnumerable)"/>),
    /// a <see cref="Sql"/> (use <see cref="WhereRaw"/>), or something else no parameter can carry (a function, a task, an aggregate, an AST node).</exception>
    public TSelf Where(string column, string op, object? value) => Add(LogicalOperator.And, Compare(column, ComparisonOperators.Parse(op), MarkJson(value)));

    /// <summary>Adds <c>column op value</c> with an operator from the enum.</summary>
    /// <param name="column">The column.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or value (see the string overload).</exception>
    public TSelf Where(string column, ComparisonOperator op, object? value) => Add(LogicalOperator.And, Compare(column, op, MarkJson(value)));

    /// <summary>Adds <c>column = value</c> (IS NULL for null).</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or value (see the three-argument overload).</exception>
    public TSelf Where(string column, object? value) => Add(LogicalOperator.And, Compare(column, ComparisonOperator.Equal, MarkJson(value)));

    /// <summary>
    /// Adds <c>column = value</c> for each member of an object or entry of a dictionary, joined with AND:
    /// <c>Where(new { active = true, org_id = 5 })</c>. A null value becomes IS NULL. An object's member names become
    /// column names by <c>[Column]</c> or the database's naming convention (<c>OrgId</c> → <c>org_id</c> under snake_case).
    /// </summary>
    /// <param name="columns">An object with readable properties, or a dictionary of column names to values.</param>
    /// <exception cref="ArgumentException">No members, an invalid column name, a value that is a list (use <see cref="WhereIn(string, IEnumerable)"/>),
    /// or a string or <see cref="Sql"/> in place of the object (use <see cref="Where(string, object?)"/> or <see cref="WhereRaw"/>).</exception>
    public TSelf Where(object columns) => AddEqualities(LogicalOperator.And, columns);

    /// <summary>Adds <c>column = value</c> for each entry (IS NULL for null), joined with AND; an empty dictionary adds nothing.</summary>
    /// <param name="columns">Column names (qualified ones too: <c>u.org_id</c>) and their values.</param>
    /// <exception cref="ArgumentException">An invalid column name, or a value that is a list.</exception>
    public TSelf Where(IReadOnlyDictionary<string, object?> columns) => AddEqualities(LogicalOperator.And, columns);

    /// <summary>OR <c>(column = value AND …)</c> for the members of an object or the entries of a dictionary; see <see cref="Where(object)"/>.</summary>
    /// <param name="columns">An object with readable properties, or a dictionary of column names to values.</param>
    /// <exception cref="ArgumentException">As for <see cref="Where(object)"/>.</exception>
    public TSelf OrWhere(object columns) => AddEqualities(LogicalOperator.Or, columns);

    /// <summary>OR <c>(column = value AND …)</c> for each entry; an empty dictionary adds nothing.</summary>
    /// <param name="columns">Column names and their values.</param>
    /// <exception cref="ArgumentException">An invalid column name, or a value that is a list.</exception>
    public TSelf OrWhere(IReadOnlyDictionary<string, object?> columns) => AddEqualities(LogicalOperator.Or, columns);

    /// <summary>Adds a parenthesized group built by <paramref name="group"/>, e.g. <c>Where(g => g.Where("a", 1).OrWhere("b", 2))</c>.</summary>
    /// <param name="group">Builds the group from an empty one; an empty result adds nothing.</param>
    public TSelf Where(Func<ConditionGroup, ConditionGroup> group) => Add(LogicalOperator.And, Group(group));

    /// <summary>OR <c>column op value</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, operator or value.</exception>
    public TSelf OrWhere(string column, string op, object? value) => Add(LogicalOperator.Or, Compare(column, ComparisonOperators.Parse(op), MarkJson(value)));

    /// <summary>OR <c>column op value</c> with an operator from the enum.</summary>
    /// <param name="column">The column.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or value.</exception>
    public TSelf OrWhere(string column, ComparisonOperator op, object? value) => Add(LogicalOperator.Or, Compare(column, op, MarkJson(value)));

    /// <summary>OR <c>column = value</c> (IS NULL for null).</summary>
    /// <param name="column">The column.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column or value.</exception>
    public TSelf OrWhere(string column, object? value) => Add(LogicalOperator.Or, Compare(column, ComparisonOperator.Equal, MarkJson(value)));

    /// <summary>OR a parenthesized group.</summary>
    /// <param name="group">Builds the group from an empty one; an empty result adds nothing.</param>
    public TSelf OrWhere(Func<ConditionGroup, ConditionGroup> group) => Add(LogicalOperator.Or, Group(group));

    /// <summary>Adds <c>NOT (group)</c>.</summary>
    /// <param name="group">Builds the negated group; an empty result adds nothing.</param>
    public TSelf WhereNot(Func<ConditionGroup, ConditionGroup> group) => Add(LogicalOperator.And, new NotCondition(Group(group)));

    /// <summary>OR <c>NOT (group)</c>.</summary>
    /// <param name="group">Builds the negated group; an empty result adds nothing.</param>
    public TSelf OrWhereNot(Func<ConditionGroup, ConditionGroup> group) => Add(LogicalOperator.Or, new NotCondition(Group(group)));

    /// <summary>Adds <c>column IS NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereNull(string column) => Add(LogicalOperator.And, new NullCondition(Column(column), Negated: false));

    /// <summary>Adds <c>column IS NOT NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereNotNull(string column) => Add(LogicalOperator.And, new NullCondition(Column(column), Negated: true));

    /// <summary>OR <c>column IS NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereNull(string column) => Add(LogicalOperator.Or, new NullCondition(Column(column), Negated: false));

    /// <summary>OR <c>column IS NOT NULL</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereNotNull(string column) => Add(LogicalOperator.Or, new NullCondition(Column(column), Negated: true));

    /// <summary>Adds <c>column IN (values)</c>, one parameter per value; an empty list matches no row.</summary>
    /// <param name="column">The column.</param>
    /// <param name="values">The values, copied now (later changes to the collection do not show).</param>
    /// <exception cref="ArgumentException">An invalid column, or a string passed as the list.</exception>
    public TSelf WhereIn(string column, IEnumerable values) => Add(LogicalOperator.And, In(column, values, negated: false));

    /// <summary>Adds <c>column NOT IN (values)</c>; an empty list matches every row.</summary>
    /// <param name="column">The column.</param>
    /// <param name="values">The values, copied now.</param>
    /// <exception cref="ArgumentException">An invalid column, or a string passed as the list.</exception>
    public TSelf WhereNotIn(string column, IEnumerable values) => Add(LogicalOperator.And, In(column, values, negated: true));

    /// <summary>OR <c>column IN (values)</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="values">The values, copied now.</param>
    /// <exception cref="ArgumentException">An invalid column, or a string passed as the list.</exception>
    public TSelf OrWhereIn(string column, IEnumerable values) => Add(LogicalOperator.Or, In(column, values, negated: false));

    /// <summary>Adds <c>column BETWEEN low AND high</c> (both ends included).</summary>
    /// <param name="column">The column.</param>
    /// <param name="low">The lower bound, a parameter.</param>
    /// <param name="high">The upper bound, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereBetween(string column, object? low, object? high) =>
        Add(LogicalOperator.And, new BetweenCondition(Column(column), Value(low, nameof(low), column), Value(high, nameof(high), column)));

    /// <summary>OR <c>column BETWEEN low AND high</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="low">The lower bound, a parameter.</param>
    /// <param name="high">The upper bound, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereBetween(string column, object? low, object? high) =>
        Add(LogicalOperator.Or, new BetweenCondition(Column(column), Value(low, nameof(low), column), Value(high, nameof(high), column)));

    /// <summary>Adds a condition written in SQL, placed in parentheses: <c>WhereRaw($"lower(email) = {email}")</c>.</summary>
    /// <param name="condition">The fragment; holes are parameters.</param>
    /// <exception cref="ArgumentException">The fragment is empty.</exception>
    public TSelf WhereRaw(Sql condition) => Add(LogicalOperator.And, Raw(condition));

    /// <summary>OR a condition written in SQL.</summary>
    /// <param name="condition">The fragment; holes are parameters.</param>
    /// <exception cref="ArgumentException">The fragment is empty.</exception>
    public TSelf OrWhereRaw(Sql condition) => Add(LogicalOperator.Or, Raw(condition));

    /// <summary>Adds <c>column IN (SELECT …)</c>; the subquery is compiled with the same dialect, its values stay parameters.</summary>
    /// <param name="column">The column.</param>
    /// <param name="subquery">A query selecting one column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereIn(string column, SqlQuery subquery) => Add(LogicalOperator.And, new InSubqueryCondition(Column(column), Node(subquery), Negated: false));

    /// <summary>Adds <c>column NOT IN (SELECT …)</c>. Beware: a NULL among the subquery's values makes it match no row.</summary>
    /// <param name="column">The column.</param>
    /// <param name="subquery">A query selecting one column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereNotIn(string column, SqlQuery subquery) => Add(LogicalOperator.And, new InSubqueryCondition(Column(column), Node(subquery), Negated: true));

    /// <summary>OR <c>column IN (SELECT …)</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="subquery">A query selecting one column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereIn(string column, SqlQuery subquery) => Add(LogicalOperator.Or, new InSubqueryCondition(Column(column), Node(subquery), Negated: false));

    /// <summary>Adds <c>EXISTS (SELECT …)</c>.</summary>
    /// <param name="subquery">The subquery; correlate it with the outer query through column conditions or <c>WhereRaw</c>.</param>
    public TSelf WhereExists(SqlQuery subquery) => Add(LogicalOperator.And, new ExistsCondition(Node(subquery), Negated: false));

    /// <summary>Adds <c>NOT EXISTS (SELECT …)</c>.</summary>
    /// <param name="subquery">The subquery.</param>
    public TSelf WhereNotExists(SqlQuery subquery) => Add(LogicalOperator.And, new ExistsCondition(Node(subquery), Negated: true));

    /// <summary>OR <c>EXISTS (SELECT …)</c>.</summary>
    /// <param name="subquery">The subquery.</param>
    public TSelf OrWhereExists(SqlQuery subquery) => Add(LogicalOperator.Or, new ExistsCondition(Node(subquery), Negated: false));

    /// <summary>
    /// Adds <c>column LIKE pattern</c>: <c>WhereLike("email", "%@example.com")</c>. Case sensitivity is the database's: PostgreSQL's
    /// LIKE is case-sensitive, SQLite's ignores ASCII case, MySQL's follows the column's collation (usually case-insensitive);
    /// use <see cref="WhereILike"/> for a case-insensitive match everywhere.
    /// </summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern (<c>%</c> any run of characters, <c>_</c> one character), a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null pattern.</exception>
    public TSelf WhereLike(string column, string pattern) => Add(LogicalOperator.And, Like(column, pattern, ComparisonOperator.Like));

    /// <summary>OR <c>column LIKE pattern</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null pattern.</exception>
    public TSelf OrWhereLike(string column, string pattern) => Add(LogicalOperator.Or, Like(column, pattern, ComparisonOperator.Like));

    /// <summary>Adds <c>column NOT LIKE pattern</c> (a NULL column matches neither LIKE nor NOT LIKE).</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null pattern.</exception>
    public TSelf WhereNotLike(string column, string pattern) => Add(LogicalOperator.And, Like(column, pattern, ComparisonOperator.NotLike));

    /// <summary>OR <c>column NOT LIKE pattern</c>.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a null pattern.</exception>
    public TSelf OrWhereNotLike(string column, string pattern) => Add(LogicalOperator.Or, Like(column, pattern, ComparisonOperator.NotLike));

    /// <summary>Adds a case-insensitive LIKE: <c>ILIKE</c> on PostgreSQL, <c>LOWER(column) LIKE LOWER(pattern)</c> elsewhere.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern (<c>%</c> and <c>_</c> are wildcards), a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column, or a list or <see cref="Sql"/> as the pattern.</exception>
    public TSelf WhereILike(string column, string pattern) => Add(LogicalOperator.And, new ILikeCondition(Column(column), Value(pattern, nameof(pattern), column), Negated: false));

    /// <summary>OR a case-insensitive LIKE.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereILike(string column, string pattern) => Add(LogicalOperator.Or, new ILikeCondition(Column(column), Value(pattern, nameof(pattern), column), Negated: false));

    /// <summary>Adds a case-insensitive NOT LIKE.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf WhereNotILike(string column, string pattern) => Add(LogicalOperator.And, new ILikeCondition(Column(column), Value(pattern, nameof(pattern), column), Negated: true));

    /// <summary>OR a case-insensitive NOT LIKE.</summary>
    /// <param name="column">The column.</param>
    /// <param name="pattern">The pattern, a parameter.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public TSelf OrWhereNotILike(string column, string pattern) => Add(LogicalOperator.Or, new ILikeCondition(Column(column), Value(pattern, nameof(pattern), column), Negated: true));

    /// <summary>The session whose naming convention turns an object's member names into column names; null for snake_case.</summary>
    private protected virtual IDbSession? NamingSession => null;

    private static QueryNode Node(SqlQuery subquery)
    {
        ArgumentNullException.ThrowIfNull(subquery);
        return subquery.Node;
    }

    private TSelf Add(LogicalOperator connector, Condition condition) => WithConditions(Conditions.Add(new ConditionClause(connector, condition)));

    private static Condition Compare(string column, ComparisonOperator op, object? value)
    {
        var name = Column(column);
        if (!Enum.IsDefined(op))
            throw new ArgumentException($"Unknown comparison operator {(int)op}. Use a named ComparisonOperator value.", nameof(op));
        if (value is null)
        {
            return op switch
            {
                ComparisonOperator.Equal => new NullCondition(name, Negated: false),
                ComparisonOperator.NotEqual => new NullCondition(name, Negated: true),
                _ => throw new ArgumentException(
                    $"A comparison '{ComparisonOperators.ToSql(op)}' with null is never true; use WhereNull/WhereNotNull or '='/'<>' with null.", nameof(value)),
            };
        }
        if (value is SqlQuery subquery) return new SubqueryComparisonCondition(name, op, subquery.Node);
        return new ComparisonCondition(name, op, Value(value, nameof(value), name));
    }

    /// <summary>A value whose type the database's options list as JSON, wrapped so that the compiler compares it as a document.</summary>
    private object? MarkJson(object? value) =>
        value is null || Mapping.JsonMapping.IsDocumentValue(value) || !Json.IsJsonType(value.GetType()) ? value : new JsonParameter(value);

    /// <summary>The JSON settings of the session this builder belongs to (the defaults without one).</summary>
    private Mapping.JsonMapping Json => (NamingSession as SessionBase)?.Pipeline.Json ?? Mapping.JsonMapping.Default;

    private GroupCondition Group(Func<ConditionGroup, ConditionGroup> group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var built = group(ConditionGroup.Empty.For(NamingSession)) ?? throw new ArgumentException("The group builder returned null.", nameof(group));
        return new GroupCondition(built.Conditions);
    }

    private TSelf AddEqualities(LogicalOperator connector, object columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns is SqlQuery)
            throw new ArgumentException(
                "Where(object) takes an object or dictionary of column values, not a query: compare a column with a subquery as " +
                "Where(column, op, subquery), or test for rows with WhereExists(subquery).", nameof(columns));
        if (columns is string or Sql)
            throw new ArgumentException(
                $"Where(object) takes an object or dictionary of column values, not a {columns.GetType().Name}: write one column as Where(column, value) " +
                "and a condition in SQL as WhereRaw($\"…\").", nameof(columns));
        if (columns is IReadOnlyDictionary<string, object?> { Count: 0 }) return (TSelf)this;
        var clauses = ImmutableArray.CreateBuilder<ConditionClause>();
        foreach (var (column, value) in ColumnValues.From(columns, NamingSession))
            clauses.Add(new ConditionClause(LogicalOperator.And, Compare(column, ComparisonOperator.Equal, MarkJson(value))));
        // AND binds tighter than OR, so the equalities join the list flat after AND and as one group after OR.
        if (connector == LogicalOperator.And || clauses.Count == 1)
        {
            var all = Conditions.ToBuilder();
            for (var i = 0; i < clauses.Count; i++) all.Add(i == 0 ? clauses[i] with { Connector = connector } : clauses[i]);
            return WithConditions(all.ToImmutable());
        }
        return Add(connector, new GroupCondition(clauses.ToImmutable()));
    }

    private static ComparisonCondition Like(string column, string pattern, ComparisonOperator op)
    {
        var name = Column(column);
        ArgumentNullException.ThrowIfNull(pattern);
        return new ComparisonCondition(name, op, pattern);
    }

    private static InCondition In(string column, IEnumerable values, bool negated)
    {
        var name = Column(column);
        ArgumentNullException.ThrowIfNull(values);
        if (values is string)
            throw new ArgumentException("A string is not a list of values: pass an array or collection (e.g. new[] { value }).", nameof(values));
        var builder = ImmutableArray.CreateBuilder<object?>();
        foreach (var value in values) builder.Add(Value(value, nameof(values), name));
        return new InCondition(name, builder.ToImmutable(), negated);
    }

    private static RawCondition Raw(Sql condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.IsEmpty) throw new ArgumentException("A raw condition must not be empty.", nameof(condition));
        return new RawCondition(condition);
    }

    internal static string Column(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column != "*") SqlIdentifier.Validate(column);
        return column;
    }

    /// <summary>A value the builder can send as a parameter, refused here (naming the column) when it cannot, rather than by the driver.</summary>
    private static object? Value(object? value, string parameter, string column) => value switch
    {
        null or string or byte[] or System.Text.Json.Nodes.JsonNode or JsonParameter => value,
        Sql => throw new ArgumentException($"The value for '{column}' is a Sql fragment, which is not a value; write the condition with WhereRaw(Sql).", parameter),
        IEnumerable => throw new ArgumentException($"The value for '{column}' is a list, which is not a single value; use WhereIn for a list of values.", parameter),
        _ when UnboundValues.Refusal(value) is { } refusal => throw new ArgumentException(
            $"The value for '{column}' is a {UnboundValues.TypeName(value)}, which cannot be sent as a parameter: {refusal}", parameter),
        _ => value,
    };
}
