using System.Data.Common;

namespace Strata.Bulk;

/// <summary>
/// What a dialect's <see cref="Dialects.SqlDialect.BulkInsertAsync"/> works on: an open connection and the
/// transaction its statements must join, the validated target, and the rows. Built by Strata for one bulk insert.
/// </summary>
/// <remarks>
/// Not thread-safe: it belongs to the one flow that runs the bulk insert. <see cref="Rows"/> can be enumerated once.
/// </remarks>
public sealed class BulkInsertContext
{
    private readonly IProgress<long>? _progress;
    private long _reported = -1;

    internal BulkInsertContext(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns,
        IEnumerable<object?[]> rows, int batchSize, int commandTimeoutSeconds, IProgress<long>? progress)
    {
        Connection = connection;
        Transaction = transaction;
        Table = table;
        Columns = columns;
        Rows = rows;
        BatchSize = batchSize;
        CommandTimeoutSeconds = commandTimeoutSeconds;
        _progress = progress;
    }

    /// <summary>The open connection to write through.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every statement must join, or null when the dialect's bulk insert runs without one (see <see cref="Dialects.SqlDialect.BulkInsertIsAtomic"/>).</summary>
    public DbTransaction? Transaction { get; }

    /// <summary>The target table, a validated identifier (optionally schema-qualified), not yet quoted.</summary>
    public string Table { get; }

    /// <summary>The target columns, validated unqualified identifiers, not yet quoted; at least one.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The rows, each an array with one value per column in <see cref="Columns"/>' order. Values are normalised by
    /// the command pipeline as parameter values are (enums per <see cref="EnumStorage"/>); the dialect turns them into
    /// driver values as it does for parameters. Enumerate once, and copy what must outlive the next row: an array may
    /// be the caller's own, refilled for the next row. A malformed row throws <see cref="ArgumentException"/> when it is reached.
    /// </summary>
    public IEnumerable<object?[]> Rows { get; }

    /// <summary>Rows per batch (<see cref="BulkInsertOptions.BatchSize"/>), at least 1.</summary>
    public int BatchSize { get; }

    /// <summary>The timeout of each statement in seconds; 0 waits forever.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>The statement being sent, set by the dialect before it sends it, so that a failure names it (never with values).</summary>
    public string? CommandText { get; set; }

    /// <summary>Reports the number of rows handed to the database so far; a count already reported is not reported again.</summary>
    /// <param name="rowsWritten">The rows written so far.</param>
    public void ReportProgress(long rowsWritten)
    {
        if (rowsWritten == _reported) return;
        _reported = rowsWritten;
        _progress?.Report(rowsWritten);
    }
}
