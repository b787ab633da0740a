using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

// Typed joins: another mapped table joined on a lambda over both entities. Once joined, every column a lambda
// names is qualified with its table, so a column both tables have (id, name) is never ambiguous.
public sealed partial class SqlQuery<T>
{
    /// <summary>
    /// Inner-joins the mapped table of <typeparamref name="TOther"/>: <c>db.From&lt;User&gt;().Join&lt;Order&gt;((u, o) => u.Id == o.UserId)</c>.
    /// Rows are still <typeparamref name="T"/> (the select list becomes <c>users.*</c>); filter and order on the joined table with
    /// <see cref="Where{TOther}"/> and <see cref="OrderBy{TOther, TKey}"/>, or project from both with <see cref="Select{TOther, TResult}"/>.
    /// </summary>
    /// <param name="on">Column-to-column comparisons joined with <c>&amp;&amp;</c>.</param>
    /// <param name="table">The joined table, with an optional alias (<c>"orders AS o"</c>); null for <typeparamref name="TOther"/>'s mapped table.</param>
    /// <exception cref="InvalidOperationException">The query already has conditions, an order or a projection (join first, so their columns are qualified), or already joins <typeparamref name="TOther"/>.</exception>
    /// <exception cref="NotSupportedException">The condition is not column comparisons, or <typeparamref name="TOther"/> is <typeparamref name="T"/> (join a table to itself with the by-name builder and aliases).</exception>
    public SqlQuery<T> Join<[DynamicallyAccessedMembers(MappedMembers.Types)] TOther>(Expression<Func<T, TOther, bool>> on, string? table = null) => AddJoin(JoinKind.Inner, on, table);

    /// <summary>Left-joins the mapped table of <typeparamref name="TOther"/>; see <see cref="Join{TOther}"/>. Rows without a match keep NULLs for its columns.</summary>
    /// <param name="on">Column-to-column comparisons joined with <c>&amp;&amp;</c>.</param>
    /// <param name="table">The joined table, with an optional alias; null for the mapped one.</param>
    /// <exception cref="InvalidOperationException">As for <see cref="Join{TOther}"/>.</exception>
    /// <exception cref="NotSupportedException">As for <see cref="Join{TOther}"/>.</exception>
    public SqlQuery<T> LeftJoin<[DynamicallyAccessedMembers(MappedMembers.Types)] TOther>(Expression<Func<T, TOther, bool>> on, string? table = null) => AddJoin(JoinKind.Left, on, table);

    /// <summary>Adds a condition over this entity and a joined one (joined with AND), translated as <see cref="Where(Expression{Func{T, bool}})"/> is.</summary>
    /// <param name="predicate">The condition, e.g. <c>(u, o) => o.Total > 100</c>.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TOther"/> is not joined.</exception>
    /// <exception cref="NotSupportedException">An expression the translator does not support.</exception>
    public SqlQuery<T> Where<TOther>(Expression<Func<T, TOther, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return AddWhere(ExpressionTranslator.Where(predicate, _scope, JoinedScope<TOther>("Where")));
    }

    /// <summary>Adds an ascending ORDER BY term on a member of this entity or a joined one.</summary>
    /// <param name="key">A member, e.g. <c>(u, o) => o.CreatedAt</c>.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TOther"/> is not joined.</exception>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> OrderBy<TOther, TKey>(Expression<Func<T, TOther, TKey>> key) => JoinedOrder(key, SortDirection.Ascending);

    /// <summary>Adds a descending ORDER BY term on a member of this entity or a joined one.</summary>
    /// <param name="key">A member, e.g. <c>(u, o) => o.Total</c>.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TOther"/> is not joined.</exception>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public SqlQuery<T> OrderByDescending<TOther, TKey>(Expression<Func<T, TOther, TKey>> key) => JoinedOrder(key, SortDirection.Descending);

    /// <summary>Selects columns of this entity and a joined one into another shape: <c>Select((User u, Order o) => new { u.Name, o.Total })</c>.</summary>
    /// <param name="projection">The projection; each value a mapped member of either entity.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TOther"/> is not joined.</exception>
    /// <exception cref="NotSupportedException">Anything else in the projection.</exception>
    public ProjectedQuery<TResult> Select<TOther, [DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(Expression<Func<T, TOther, TResult>> projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var items = ExpressionTranslator.Projection(projection, _scope, JoinedScope<TOther>("Select"));
        return new ProjectedQuery<TResult>(ByName.With(ByName.Node with { Columns = items }));
    }

    private SqlQuery<T> AddJoin<[DynamicallyAccessedMembers(MappedMembers.Types)] TOther>(JoinKind kind, Expression<Func<T, TOther, bool>> on, string? table)
    {
        ArgumentNullException.ThrowIfNull(on);
        if (typeof(TOther) == typeof(T))
            throw new NotSupportedException(
                $"Joining {typeof(T).Name} to itself needs two aliases of one table: use the by-name builder, e.g. db.From(\"{Map.Table} AS a\").Join(\"{Map.Table} AS b\", \"a.…\", \"=\", \"b.…\").");
        if (_joined.Any(s => s.Entity == typeof(TOther)))
            throw new InvalidOperationException($"{typeof(TOther).Name} is already joined to this query.");
        var node = ByName.Node;
        if (!node.Where.IsEmpty || !node.OrderBy.IsEmpty || (!node.Columns.IsEmpty && _joined.IsEmpty) || !node.GroupBy.IsEmpty)
            throw new InvalidOperationException(
                $"Join<{typeof(TOther).Name}> must come before Where, OrderBy and Select, so that the columns they name are qualified with their table.");
        var otherMap = EntityMap.For<TOther>(Map.Convention);
        var otherTable = TableReference.Parse(table ?? otherMap.Table);
        var qualifier = node.Alias ?? node.Table;
        var scope = _scope.Qualifier is null ? _scope.QualifiedWith(qualifier) : _scope;
        var other = new ColumnScope(typeof(TOther), otherMap.Finder, otherTable.Qualifier, _scope.Json);
        var pairs = ExpressionTranslator.JoinOn(on, scope, other);
        var join = new JoinClause(kind, otherTable.Table, pairs[0].LeftColumn, pairs[0].Operator, pairs[0].RightColumn)
        {
            Alias = otherTable.Alias,
            More = pairs.RemoveAt(0),
        };
        var joined = ByName.With(node with
        {
            Joins = node.Joins.Add(join),
            Columns = [new SelectColumn(ColumnScope.Qualify(qualifier, "*"), null)],
        });
        return new SqlQuery<T>(joined, Map, scope, _joined.Add(other));
    }

    private SqlQuery<T> JoinedOrder(LambdaExpression key, SortDirection direction)
    {
        ArgumentNullException.ThrowIfNull(key);
        var other = JoinedScope(key.Parameters[1].Type, direction == SortDirection.Ascending ? "OrderBy" : "OrderByDescending");
        var column = ExpressionTranslator.Column(key, "OrderBy", _scope, other);
        return With(ByName.OrderBy(column, direction));
    }

    private ColumnScope JoinedScope<TOther>(string clause) => JoinedScope(typeof(TOther), clause);

    private ColumnScope JoinedScope(Type other, string clause) =>
        _joined.FirstOrDefault(s => s.Entity == other) ?? throw new InvalidOperationException(
            $"{clause} names {other.Name}, which is not joined to this query: call Join<{other.Name}>(…) or LeftJoin<{other.Name}>(…) first.");
}
