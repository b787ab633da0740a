using System.Collections.Immutable;

namespace Strata.Plugins;

using Strata.Query;

/// <summary>
/// A query about to be compiled, as <see cref="IDatabasePlugin.Rewrite"/> sees it: what it does, its AST, the column
/// values of a write, and the hints the query carries (<see cref="SqlQuery.WithHint"/>). A plugin changes the query
/// through it: <see cref="Where"/> adds a condition, <see cref="SetValue"/> sets a column of an insert or update,
/// <see cref="UpdateInstead"/> turns a delete into an update (soft delete).
/// </summary>
/// <remarks>One context per execution (per row of a multi-row insert), used by one thread.</remarks>
public sealed class QueryRewriteContext
{
    private readonly List<KeyValuePair<string, object?>>? _values;

    internal QueryRewriteContext(IDbSession session, QueryOperation operation, QueryNode node, ImmutableDictionary<string, object?> hints,
        List<KeyValuePair<string, object?>>? values)
    {
        Session = session;
        Operation = operation;
        Node = node;
        Hints = hints;
        _values = values;
    }

    /// <summary>The session the query runs through.</summary>
    public IDbSession Session { get; }

    /// <summary>What the query does.</summary>
    public QueryOperation Operation { get; }

    /// <summary>The query's AST; assign a changed copy to change the query.</summary>
    public QueryNode Node { get; set; }

    /// <summary>The table the query reads or writes, as written (optionally schema-qualified).</summary>
    public string Table => Node.Table;

    /// <summary>The hints the query carries, e.g. <c>softDelete</c> = <c>with</c> from <c>WithDeleted()</c>.</summary>
    public IReadOnlyDictionary<string, object?> Hints { get; }

    /// <summary>The column values of an insert, upsert or update (one row); empty for reads and deletes.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Values => (IReadOnlyList<KeyValuePair<string, object?>>?)_values ?? [];

    /// <summary>For a delete: the column values to update the matched rows with instead of deleting them, or null to delete.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>>? UpdateInstead { get; private set; }

    /// <summary>The current time in UTC, from the database's clock (<see cref="DatabaseOptions.TimeProvider"/>).</summary>
    public DateTimeOffset UtcNow => ((Session.Database as Database)?.TimeProvider ?? TimeProvider.System).GetUtcNow();

    /// <summary>Columns set with <c>insertOnly</c>: an upsert does not overwrite them in a row that already exists.</summary>
    internal IReadOnlyCollection<string> InsertOnly => (IReadOnlyCollection<string>?)_insertOnly ?? [];

    private HashSet<string>? _insertOnly;

    /// <summary>True when the write sets <paramref name="column"/>.</summary>
    /// <param name="column">The column name.</param>
    public bool HasValue(string column) => _values?.Any(v => string.Equals(v.Key, column, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Sets <paramref name="column"/> in an insert, upsert or update, replacing a value the caller gave.</summary>
    /// <param name="column">The column name (validated like any column).</param>
    /// <param name="value">The value, a parameter (a <see cref="Sql"/> value is inlined as SQL).</param>
    /// <param name="insertOnly">For an upsert: write it only when the row is inserted, never over an existing row's value (a creation time).</param>
    /// <exception cref="InvalidOperationException">The query is not an insert, upsert or update.</exception>
    public void SetValue(string column, object? value, bool insertOnly = false)
    {
        // Only an upsert reads the insert-only columns (to leave them out of its update).
        if (insertOnly && Operation == QueryOperation.Upsert) (_insertOnly ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(column);
        if (_values is null) throw new InvalidOperationException($"A {Operation} has no column values to set; SetValue applies to inserts, upserts and updates.");
        SqlQuery.ColumnName(column, nameof(column));
        for (var at = 0; at < _values.Count; at++)
        {
            if (!string.Equals(_values[at].Key, column, StringComparison.OrdinalIgnoreCase)) continue;
            _values[at] = new(_values[at].Key, value);
            return;
        }
        _values.Add(new(column, value));
    }

    /// <summary>ANDs <paramref name="condition"/> to the query's conditions, which stay grouped so an <c>OR</c> in them keeps its meaning.</summary>
    /// <param name="condition">The condition, e.g. <c>new NullCondition("posts.deleted_at", Negated: false)</c>.</param>
    public void Where(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var existing = Node.Where;
        var clauses = existing.IsEmpty
            ? ImmutableArray.Create(new ConditionClause(LogicalOperator.And, condition))
            : ImmutableArray.Create(new ConditionClause(LogicalOperator.And, existing.Length == 1 ? existing[0].Condition : new GroupCondition(existing)),
                new ConditionClause(LogicalOperator.And, condition));
        Node = Node with { Where = clauses };
    }

    /// <summary>Makes a delete update the matched rows with <paramref name="values"/> instead (what soft delete does).</summary>
    /// <param name="values">The column values, as for an update: a dictionary or an object.</param>
    /// <exception cref="InvalidOperationException">The query is not a delete.</exception>
    public void DeleteAsUpdate(object values)
    {
        if (Operation != QueryOperation.Delete) throw new InvalidOperationException($"DeleteAsUpdate applies to deletes, not to a {Operation}.");
        UpdateInstead = ColumnValues.From(values, Session);
    }

    /// <summary>The name of <paramref name="column"/> qualified with the query's table (its alias when it has one), so it stays unambiguous when the query joins others.</summary>
    /// <param name="column">The column name.</param>
    public string Qualified(string column) => Node.FromSubquery is not null || !Node.Joins.IsEmpty ? $"{Node.Alias ?? Node.Table}.{column}" : column;
}
