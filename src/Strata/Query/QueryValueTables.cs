using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

/// <summary>A table made of in-memory rows, read by a query like any table: <c>WITH name (columns) AS (VALUES (…), (…))</c>.</summary>
public static class QueryValueTables
{
    /// <summary>
    /// Adds a common table expression holding <paramref name="rows"/>, every value a parameter:
    /// <c>query.WithValues("wanted", ["code", "qty"], [["a", 1], ["b", 2]])</c>, then join or read <c>wanted</c>
    /// (<c>VALUES ROW(…)</c> on MySQL, <c>VALUES (…)</c> elsewhere). The rows are copied now.
    /// </summary>
    /// <param name="query">The query that reads the table.</param>
    /// <param name="name">The table's name, a plain name.</param>
    /// <param name="columns">Its column names; every row has one value per column.</param>
    /// <param name="rows">The rows; at least one (an empty VALUES list has no SQL form).</param>
    /// <exception cref="ArgumentException">An invalid name or column, no columns or rows, a row of another width, a value no parameter can
    /// carry, or a WITH entry of that name already.</exception>
    /// <remarks>PostgreSQL types each column by its first row's parameters; keep a column's values of one type.</remarks>
    public static SqlQuery WithValues(this SqlQuery query, string name, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var tableName = SqlQuery.Alias(name);
        if (columns.Count == 0) throw new ArgumentException($"The values table '{tableName}' needs at least one column.", nameof(columns));
        var names = columns.Select(SqlQuery.Alias).ToImmutableArray();
        var copied = ImmutableArray.CreateBuilder<ImmutableArray<object?>>();
        foreach (var row in rows)
        {
            if (row is null || row.Count != names.Length)
                throw new ArgumentException(
                    $"Row {copied.Count + 1} of the values table '{tableName}' has {row?.Count ?? 0} values where its columns ({string.Join(", ", names)}) need {names.Length}.", nameof(rows));
            for (var i = 0; i < row.Count; i++)
            {
                if (row[i] is { } value && (value is Sql || UnboundValues.Refusal(value) is not null))
                    throw new ArgumentException(
                        $"The value for '{names[i]}' in row {copied.Count + 1} of '{tableName}' is a {UnboundValues.TypeName(value)}, which cannot be sent as a parameter: " +
                        (UnboundValues.Refusal(value) ?? "give the value itself."), nameof(rows));
            }
            copied.Add([.. row]);
        }
        if (copied.Count == 0) throw new ArgumentException($"The values table '{tableName}' needs at least one row: VALUES has no empty form.", nameof(rows));
        if (query.Node.With.Any(c => string.Equals(c.Name, tableName, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"The query already has a WITH entry named '{tableName}'.", nameof(name));
        var body = new QueryNode(tableName) { Rows = copied.ToImmutable() };
        return query.With(query.Node with { With = query.Node.With.Add(new CommonTableExpression(tableName, names, body, Recursive: false)) });
    }
}
