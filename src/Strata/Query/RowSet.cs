using System.Collections;

namespace Strata.Query;

/// <summary>
/// The rows of a multi-row insert: the columns of the first row, and each row's values in that order.
/// Every row must set the same columns (in any order); no rows at all is an empty set.
/// </summary>
internal sealed class RowSet
{
    private RowSet(IReadOnlyList<string> columns, List<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public static RowSet From(IEnumerable rows, IDbSession? session,
        Func<IReadOnlyList<KeyValuePair<string, object?>>, IReadOnlyList<KeyValuePair<string, object?>>>? rewrite = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows is string || rows is IDictionary || rows is IEnumerable<KeyValuePair<string, object?>>)
            throw new ArgumentException("Pass a collection of rows (objects or dictionaries), not a single row.", nameof(rows));
        string[]? columns = null;
        Dictionary<string, int>? index = null;
        var list = new List<object?[]>();
        foreach (var row in rows)
        {
            if (row is null) throw new ArgumentException($"Row {list.Count + 1} is null.", nameof(rows));
            IReadOnlyList<KeyValuePair<string, object?>> pairs = ColumnValues.From(row, session);
            if (rewrite is not null) pairs = rewrite(pairs);
            if (columns is null)
            {
                columns = pairs.Select(p => p.Key).ToArray();
                index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < columns.Length; i++) index[columns[i]] = i;
            }
            var values = new object?[columns.Length];
            var matched = pairs.Count == columns.Length;
            foreach (var pair in pairs)
            {
                if (!index!.TryGetValue(pair.Key, out var at)) { matched = false; break; }
                values[at] = pair.Value;
            }
            if (!matched)
                throw new ArgumentException(
                    $"Row {list.Count + 1} sets ({string.Join(", ", pairs.Select(p => p.Key))}) but the first row sets ({string.Join(", ", columns)}): " +
                    "every row of a multi-row insert must set the same columns. Give missing columns explicitly (null for NULL).", nameof(rows));
            list.Add(values);
        }
        return new RowSet(columns ?? [], list);
    }
}
