using System.Data.Common;
using System.Text;
using Strata.Dialects;

namespace Strata.Bulk;

/// <summary>
/// The bulk insert every database accepts: multi-row <c>INSERT … VALUES (…), (…)</c> statements of
/// <see cref="BulkInsertContext.BatchSize"/> rows, fewer when the dialect's <see cref="SqlDialect.MaxParameters"/>
/// needs it. The statement for a full batch is built once and re-bound for every full batch, so a driver that
/// prepares repeated statements (Npgsql) prepares it once.
/// </summary>
internal static class BatchedInsert
{
    public static async Task<long> RunAsync(SqlDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        var width = context.Columns.Count;
        if (width > dialect.MaxParameters)
            throw new ArgumentException($"A row of {width} columns needs more parameters than the {dialect.MaxParameters} one {dialect.Name} statement may carry.", nameof(context));
        var perStatement = Math.Min(context.BatchSize, dialect.MaxParameters / width);
        var values = new object?[perStatement * width];
        DbCommand? full = null;
        long written = 0;
        var count = 0;
        try
        {
            foreach (var row in context.Rows)
            {
                Array.Copy(row, 0, values, count * width, width);
                if (++count < perStatement) continue;
                full ??= Create(dialect, context, perStatement);
                written += await ExecuteAsync(dialect, context, full, values, perStatement, width, cancellationToken).ConfigureAwait(false);
                count = 0;
                context.ReportProgress(written);
            }
            if (count > 0)
            {
                var last = Create(dialect, context, count);
                await using (last.ConfigureAwait(false))
                    written += await ExecuteAsync(dialect, context, last, values, count, width, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync().ConfigureAwait(false);
        }
        return written;
    }

    private static DbCommand Create(SqlDialect dialect, BulkInsertContext context, int rows)
    {
        var text = new StringBuilder("INSERT INTO ");
        dialect.AppendQuotedIdentifier(text, context.Table);
        text.Append(" (");
        for (var c = 0; c < context.Columns.Count; c++)
        {
            if (c > 0) text.Append(", ");
            dialect.AppendQuotedIdentifier(text, context.Columns[c]);
        }
        text.Append(") VALUES ");
        var index = 0;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < context.Columns.Count; c++)
            {
                if (c > 0) text.Append(", ");
                dialect.AppendParameterPlaceholder(text, index++);
            }
            text.Append(')');
        }
        var command = context.Connection.CreateCommand();
        command.CommandText = text.ToString();
        command.Transaction = context.Transaction;
        command.CommandTimeout = context.CommandTimeoutSeconds;
        return command;
    }

    /// <summary>
    /// Binds the values of the first <paramref name="rows"/> rows (parameters are added on a command's first run and re-bound
    /// after) and sends the statement through the interceptors.
    /// </summary>
    private static async Task<long> ExecuteAsync(SqlDialect dialect, BulkInsertContext context, DbCommand command, object?[] values, int rows, int width,
        CancellationToken cancellationToken)
    {
        var count = rows * width;
        if (command.Parameters.Count == 0)
        {
            for (var i = 0; i < count; i++) dialect.AddParameter(command, i, values[i]);
        }
        else
        {
            for (var i = 0; i < count; i++) dialect.SetParameterValue(command.Parameters[i], values[i]);
        }
        return await context.SendAsync(command, rows, static async (c, ct) => await c.ExecuteNonQueryAsync(ct).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);
    }
}
