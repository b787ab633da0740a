using System.Data.Common;
using System.Text;
using Strata.Bulk;

namespace Strata.Sqlite;

/// <summary>
/// SQLite's bulk insert: one single-row INSERT prepared once and re-bound for every row, inside the transaction
/// Strata holds for the insert. SQLite runs in the process, so one statement per row costs no round trip, and the
/// one transaction spares a journal commit per row.
/// </summary>
internal static class SqliteBulkInsert
{
    public static async Task<long> RunAsync(SqliteDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        var command = context.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = InsertCommand(dialect, context);
            command.Transaction = context.Transaction;
            command.CommandTimeout = context.CommandTimeoutSeconds;
            // One statement for all the rows: the interceptors see it once, before its first row.
            return await context.SendAsync(command, context.RowCount, (c, ct) => WriteRowsAsync(dialect, context, c, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> WriteRowsAsync(SqliteDialect dialect, BulkInsertContext context, DbCommand command, CancellationToken cancellationToken)
    {
        DbParameterCollection? parameters = null;
        long written = 0;
        var rows = 0;
        foreach (var row in context.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parameters is null)
            {
                for (var i = 0; i < row.Length; i++) dialect.AddParameter(command, i, row[i]);
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                parameters = command.Parameters;
            }
            else
            {
                for (var i = 0; i < row.Length; i++) dialect.SetParameterValue(parameters[i], row[i]);
            }
            // Microsoft.Data.Sqlite runs statements synchronously whichever method is called; the synchronous one
            // spares a task per row.
            written += command.ExecuteNonQuery();
            if (++rows % context.BatchSize == 0) context.ReportProgress(written);
        }
        return written;
    }

    private static string InsertCommand(SqliteDialect dialect, BulkInsertContext context)
    {
        var text = new StringBuilder("INSERT INTO ");
        dialect.AppendQuotedIdentifier(text, context.Table);
        text.Append(" (");
        for (var i = 0; i < context.Columns.Count; i++)
        {
            if (i > 0) text.Append(", ");
            dialect.AppendQuotedIdentifier(text, context.Columns[i]);
        }
        text.Append(") VALUES (");
        for (var i = 0; i < context.Columns.Count; i++)
        {
            if (i > 0) text.Append(", ");
            dialect.AppendParameterPlaceholder(text, i);
        }
        return text.Append(')').ToString();
    }
}
