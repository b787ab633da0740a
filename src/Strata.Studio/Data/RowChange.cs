using Strata.Query;
using Strata.Schema.Introspection;

namespace Strata.Studio.Data;

/// <summary>What a row change does.</summary>
internal enum RowChangeKind
{
    /// <summary>Set columns of one row.</summary>
    Update,
    /// <summary>Add a row.</summary>
    Insert,
    /// <summary>Remove one row.</summary>
    Delete,
}

/// <summary>
/// One change to one row, built with the query builder from the table's primary key and typed values, shown as SQL before
/// it runs and run in a transaction that is rolled back unless exactly the one row was touched.
/// </summary>
internal sealed class RowChange
{
    private readonly IDatabase _database;
    private readonly TableSchema _table;
    private readonly Dictionary<string, object?> _key;
    private readonly Dictionary<string, object?> _values;

    private RowChange(IDatabase database, TableSchema table, RowChangeKind kind, Dictionary<string, object?> key, Dictionary<string, object?> values)
    {
        _database = database;
        _table = table;
        Kind = kind;
        _key = key;
        _values = values;
    }

    /// <summary>What it does.</summary>
    public RowChangeKind Kind { get; }

    /// <summary>The change to the row <paramref name="key"/> (the primary key's values as text, in key order).</summary>
    /// <param name="database">The database.</param>
    /// <param name="table">The table; it must have a primary key, except for an insert.</param>
    /// <param name="kind">What to do.</param>
    /// <param name="key">The row's key values as text; empty for an insert.</param>
    /// <param name="values">Column values as text, null for SQL NULL; empty for a delete.</param>
    /// <exception cref="FormatException">A value is not of its column's type, or a column or the key is missing.</exception>
    public static RowChange Create(IDatabase database, TableSchema table, RowChangeKind kind, IReadOnlyList<string> key, IReadOnlyDictionary<string, string?> values)
    {
        var keyValues = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (kind != RowChangeKind.Insert)
        {
            var columns = table.PrimaryKey?.Columns ?? throw new FormatException($"Table '{table.Name}' has no primary key: its rows cannot be changed one at a time here; use the SQL editor.");
            if (key.Count != columns.Count) throw new FormatException($"The row's key needs {columns.Count} value(s).");
            for (var i = 0; i < columns.Count; i++) keyValues[columns[i]] = Typed(table, columns[i], key[i]);
        }
        var typed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (column, text) in values) typed[column] = Typed(table, column, text);
        if (kind != RowChangeKind.Delete && typed.Count == 0) throw new FormatException("Give at least one column's value.");
        return new RowChange(database, table, kind, keyValues, typed);
    }

    /// <summary>The statement it runs, with placeholders for the values.</summary>
    public string Sql => Render().Text;

    /// <summary>The values that travel as parameters, in placeholder order, as text (for showing beside the SQL).</summary>
    public IReadOnlyList<string> Parameters => [.. Render().Values.Select(v => v is null ? "NULL" : CellView.Format(v))];

    /// <summary>Runs it in a transaction; the transaction is rolled back unless exactly one row was touched.</summary>
    /// <exception cref="InvalidOperationException">No row or more than one matched (the row changed or went away meanwhile).</exception>
    /// <exception cref="DatabaseException">The database refused the change (a constraint, a type).</exception>
    public Task ApplyAsync(CancellationToken cancellationToken) =>
        _database.TransactionAsync(async transaction =>
        {
            var query = Target(transaction);
            var touched = Kind switch
            {
                RowChangeKind.Update => await query.UpdateAsync(_values, cancellationToken).ConfigureAwait(false),
                RowChangeKind.Delete => await query.DeleteAsync(cancellationToken).ConfigureAwait(false),
                _ => await query.InsertAsync(_values, cancellationToken).ConfigureAwait(false),
            };
            if (touched != 1) throw new InvalidOperationException($"The change would touch {touched} rows instead of one; nothing was changed. Reload the row and try again.");
        }, cancellationToken: cancellationToken);

    private RenderedSql Render()
    {
        var query = Target(_database);
        return Kind switch
        {
            RowChangeKind.Update => query.ToUpdateSql(_values),
            RowChangeKind.Delete => query.ToDeleteSql(),
            _ => query.ToInsertSql(_values),
        };
    }

    private SqlQuery Target(IDbSession session)
    {
        var query = session.From(_table.Name);
        foreach (var (column, value) in _key) query = query.Where(column, value);
        return query;
    }

    private static object? Typed(TableSchema table, string column, string? text)
    {
        var schema = table.FindColumn(column) ?? throw new FormatException($"Table '{table.Name}' has no column '{column}'.");
        return text is null ? null : ValueParser.Parse(text, schema.ClrType);
    }
}
