using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;

namespace Strata.Bulk;

/// <summary>
/// Runs a bulk insert for a session: validates the input before any I/O, finds the connection and transaction the
/// rows join, hands them to the dialect's <see cref="Dialects.SqlDialect.BulkInsertAsync"/>, and logs, measures and
/// translates the outcome once for all rows.
/// </summary>
internal static class BulkInsertRunner
{
    public static async Task<long> InsertEntitiesAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(SessionBase session, string? table, IEnumerable<T> rows, BulkInsertOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var map = EntityMap.For<T>(session.Pipeline.Convention);
        var target = CheckTable(table ?? map.Table);
        var settings = CheckOptions(options);
        using var source = BulkRows.FromEntities(map, rows, session.Pipeline);
        if (source is null) return 0;
        using var rewritten = WithPlugins(session, target, source, session.Owner.Plugins.ForEntity(typeof(T), target));
        return await RunAsync(session, target, rewritten, settings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<long> InsertArraysAsync(SessionBase session, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
        BulkInsertOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        return await InsertAsync(session, table, options, () => BulkRows.FromArrays(columns, rows, session.Pipeline), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<long> InsertTypedAsync(SessionBase session, string table, IReadOnlyList<string> columns, BulkRowSource rows,
        BulkInsertOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        return await InsertAsync(session, table, options, () => BulkRows.FromTyped(columns, rows, session.Pipeline), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows for named columns of <paramref name="table"/>: checked, rewritten by the table's plugins, and sent.</summary>
    private static async Task<long> InsertAsync(SessionBase session, string table, BulkInsertOptions? options, Func<BulkRows?> rows, CancellationToken cancellationToken)
    {
        var target = CheckTable(table);
        var settings = CheckOptions(options);
        using var source = rows();
        if (source is null) return 0;
        using var rewritten = WithPlugins(session, target, source, session.Owner.Plugins.ForTable(target));
        return await RunAsync(session, target, rewritten, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows as the table's plugins rewrite an insert of each (timestamps, tenants), or the rows as they are without plugins.</summary>
    private static BulkRows WithPlugins(SessionBase session, string table, BulkRows rows, System.Collections.Immutable.ImmutableArray<Plugins.IDatabasePlugin> plugins)
    {
        if (plugins.IsEmpty) return rows;
        var rewrite = session.From(table).WithPlugins(plugins).RowRewriter(session, Plugins.QueryOperation.Insert)!;
        return rows.Rewritten(rewrite, session.Pipeline);
    }

    private static async Task<long> RunAsync(SessionBase session, string table, BulkRows rows, BulkInsertOptions options, CancellationToken cancellationToken)
    {
        var dialect = session.Dialect;
        var pipeline = session.Pipeline;
        var timeout = options.CommandTimeout is { } t ? (int)Math.Ceiling(t.TotalSeconds) : session.CommandTimeoutSeconds;
        if (session.DryRunRecording is { } recording) return Record(recording, session, table, rows);
        var activity = pipeline.StartBulkInsert(session, table);
        var started = Stopwatch.GetTimestamp();
        BulkInsertContext? context = null;
        try
        {
            long written;
            if (session.CurrentTransaction is null && dialect.BulkInsertIsAtomic)
            {
                var lease = await session.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    context = new BulkInsertContext(pipeline, lease.Connection, lease.Transaction, table, rows, options.BatchSize, timeout, options.Progress);
                    written = await dialect.BulkInsertAsync(context, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await session.ReleaseLeaseAsync(lease).ConfigureAwait(false);
                }
            }
            else
            {
                // A transaction of its own, or a savepoint in the current one: a failure takes back every row of this
                // insert and nothing else, the same on every database. Never retried: the rows are consumed as they go.
                var tx = await session.BeginTransactionAsync(null, cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    try
                    {
                        var lease = await tx.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
                        context = new BulkInsertContext(pipeline, lease.Connection, lease.Transaction, table, rows, options.BatchSize, timeout, options.Progress);
                        written = await dialect.BulkInsertAsync(context, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        await RollBackQuietlyAsync(tx).ConfigureAwait(false);
                        throw;
                    }
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            context.ReportProgress(written);
            pipeline.BulkInserted(table, context.CommandText ?? Describe(dialect, table), written, started, activity);
            if (written > 0) await session.Owner.Writes.RecordAsync(session, [Caching.TableNames.Normalize(table)], cancellationToken).ConfigureAwait(false);
            return written;
        }
        catch (Exception e)
        {
            if (pipeline.BulkFailed(e, context?.CommandText ?? Describe(dialect, table), started, activity) is { } translated) throw translated;
            throw;
        }
    }

    /// <summary>What a bulk insert is called where the dialect did not say which statement it sent (a binary copy).</summary>
    private static string Describe(Dialects.SqlDialect dialect, string table) => $"bulk insert into {dialect.QuoteIdentifier(table)}";

    /// <summary>
    /// Rolls back after a failure. When the failure broke the connection the rollback fails too; the original failure
    /// says why, so it is the one that surfaces.
    /// </summary>
    private static async Task RollBackQuietlyAsync(Transaction tx)
    {
        try
        {
            if (tx.IsActive) await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DatabaseException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    /// <summary>A dry run writes the insert down instead of sending it, after checking every row.</summary>
    private static long Record(List<string> recording, SessionBase session, string table, BulkRows rows)
    {
        var count = rows.Rows.LongCount();
        var columns = string.Join(", ", rows.Columns.Select(session.Dialect.QuoteIdentifier));
        lock (recording) recording.Add($"-- bulk insert of {count} rows into {session.Dialect.QuoteIdentifier(table)} ({columns})");
        return count;
    }

    private static string CheckTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        try
        {
            return SqlQuery.Table(table);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, nameof(table), e);
        }
    }

    private static BulkInsertOptions CheckOptions(BulkInsertOptions? options)
    {
        options ??= BulkInsertOptions.Default;
        if (options.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BulkInsertOptions.BatchSize must be at least 1.");
        if (options.CommandTimeout is { } timeout && (timeout < TimeSpan.Zero || timeout.TotalSeconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(options), timeout, "BulkInsertOptions.CommandTimeout must be zero (no timeout) or positive.");
        return options;
    }
}
