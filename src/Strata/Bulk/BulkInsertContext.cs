using System.Data.Common;
using System.Diagnostics;
using Strata.Diagnostics;

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
    private readonly CommandPipeline _pipeline;
    private long _reported = -1;

    internal BulkInsertContext(CommandPipeline pipeline, DbConnection connection, DbTransaction? transaction, string table, BulkRows rows,
        int batchSize, int commandTimeoutSeconds, IProgress<long>? progress)
    {
        _pipeline = pipeline;
        RowCount = rows.Count;
        Connection = connection;
        Transaction = transaction;
        Table = table;
        Columns = rows.Columns;
        Rows = rows.Rows;
        TypedRows = rows.Typed;
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

    /// <summary>
    /// The rows as the caller wrote them, typed (see <see cref="BulkRowSource"/>), for a dialect that can encode values without
    /// boxing; null when the rows came as arrays or entities, or a plugin rewrote them. Read either this or <see cref="Rows"/>
    /// (which then collects each typed row into an array), once.
    /// </summary>
    public BulkRowSource? TypedRows { get; }

    /// <summary>How many rows <see cref="Rows"/> holds, when the caller passed a collection; null when they are streamed.</summary>
    public long? RowCount { get; }

    /// <summary>Rows per batch (<see cref="BulkInsertOptions.BatchSize"/>), at least 1.</summary>
    public int BatchSize { get; }

    /// <summary>The timeout of each statement in seconds; 0 waits forever.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>The statement being sent, set by the dialect before it sends it, so that a failure names it (never with values).</summary>
    public string? CommandText { get; set; }

    /// <summary>
    /// Sends one statement of the bulk insert through the database's <see cref="ICommandInterceptor"/>s: their before hooks see
    /// <paramref name="command"/> (kind <see cref="CommandKind.BulkInsert"/>, with <see cref="CommandContext.BulkInsert"/> naming
    /// the table, columns and <paramref name="rows"/>) and may rewrite it or refuse it by throwing; then <paramref name="send"/>
    /// runs it and returns the rows written, which the after hooks see, or the failed hooks see the translated error. Sets
    /// <see cref="CommandText"/> to the statement's text. Every statement a dialect's bulk insert sends must go through here.
    /// </summary>
    /// <param name="command">The statement, with its text, transaction and parameters set; for a statement the driver writes itself (LOAD DATA), a command carrying the text it describes.</param>
    /// <param name="rows">The rows it writes when known before it runs (a batch), or <see cref="RowCount"/> for a statement that takes every row.</param>
    /// <param name="send">Runs the statement (as the interceptors left it) and returns the rows the database wrote.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What <paramref name="send"/> returned.</returns>
    /// <remarks>Without interceptors it only sets <see cref="CommandText"/> and calls <paramref name="send"/>, allocating nothing.</remarks>
    public async Task<long> SendAsync(DbCommand command, long? rows, Func<DbCommand, CancellationToken, Task<long>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(send);
        if (!_pipeline.HasInterceptors)
        {
            CommandText = command.CommandText;
            return await send(command, cancellationToken).ConfigureAwait(false);
        }
        var statement = new BulkInsertStatement(Table, Columns, rows);
        var context = new CommandContext(command, _pipeline.DialectName, CommandKind.BulkInsert) { BulkInsert = statement };
        CommandText = command.CommandText;
        await _pipeline.BeforeAsync(context, cancellationToken).ConfigureAwait(false);
        CommandText = command.CommandText;
        var started = Stopwatch.GetTimestamp();
        long written;
        try
        {
            written = await send(command, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var error = _pipeline.Translate(e, command.CommandText);
            await _pipeline.FailedStatementAsync(context, Stopwatch.GetElapsedTime(started), error, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(error, e)) throw error;
            throw;
        }
        statement.Rows = written;
        await _pipeline.AfterStatementAsync(context, Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Reports the number of rows handed to the database so far; a count already reported is not reported again.</summary>
    /// <param name="rowsWritten">The rows written so far.</param>
    public void ReportProgress(long rowsWritten)
    {
        if (rowsWritten == _reported) return;
        _reported = rowsWritten;
        _progress?.Report(rowsWritten);
    }
}
