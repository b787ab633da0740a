namespace Strata.Diagnostics;

/// <summary>
/// What one statement of a bulk insert writes, as interceptors see it in <see cref="CommandContext.BulkInsert"/>: the
/// table, the columns and the number of rows.
/// </summary>
public sealed class BulkInsertStatement
{
    internal BulkInsertStatement(string table, IReadOnlyList<string> columns, long? rows)
    {
        Table = table;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The target table, as given (a validated identifier, optionally schema-qualified, not quoted).</summary>
    public string Table { get; }

    /// <summary>The columns written, in the order of each row's values (validated, unquoted).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The rows this statement writes. Before it runs: the batch's rows for one INSERT of a multi-row batch; for a statement
    /// that takes every row (PostgreSQL's COPY, MySQL's LOAD DATA, SQLite's prepared INSERT) the count when the rows came as a
    /// collection, and null when they are streamed and not yet counted. In the after hook: the rows the database wrote.
    /// </summary>
    public long? Rows { get; internal set; }
}
