using System.Runtime.ExceptionServices;
using MySqlConnector;
using Strata.Bulk;

namespace Strata.MySql;

/// <summary>
/// MySQL's fast bulk insert: <see cref="MySqlBulkCopy"/>, which streams the rows as a tab-separated file to
/// <c>LOAD DATA LOCAL INFILE</c>. Used only when the connection allows local files
/// (<see cref="MySqlDialect.UsesBulkCopy"/>).
/// </summary>
/// <remarks>
/// With LOCAL the server cannot stop the client mid-file, so it turns errors into warnings: a duplicate key skips the
/// row, a value that does not fit is changed. Any warning therefore fails the insert, translated as the error would
/// have been, and the transaction Strata holds takes back what was loaded.
/// </remarks>
internal static class MySqlBulkLoad
{
    public static async Task<long> RunAsync(MySqlDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        var connection = (MySqlConnection)context.Connection;
        var transaction = (MySqlTransaction?)context.Transaction;
        var table = dialect.QuoteIdentifier(context.Table);
        var copy = new MySqlBulkCopy(connection, transaction)
        {
            DestinationTableName = table,
            BulkCopyTimeout = context.CommandTimeoutSeconds,
            NotifyAfter = context.BatchSize,
        };
        // Mapped by name, since the insert may leave out columns (a generated key); MySqlBulkCopy finds the binary and BIT
        // columns among them and loads those through UNHEX and CAST itself.
        for (var i = 0; i < context.Columns.Count; i++) copy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, context.Columns[i]));
        copy.MySqlRowsCopied += (_, e) => context.ReportProgress(e.RowsCopied);
        context.CommandText = $"LOAD DATA LOCAL INFILE INTO TABLE {table} ({string.Join(", ", context.Columns.Select(dialect.QuoteIdentifier))})";
        var warnings = new List<MySqlError>();
        void Collect(object sender, MySqlInfoMessageEventArgs e) => warnings.AddRange(e.Errors);
        connection.InfoMessage += Collect;
        MySqlBulkCopyResult result;
        try
        {
            var reader = new MySqlBulkRowReader(context.Columns, context.Rows, cancellationToken);
            await using (reader.ConfigureAwait(false))
                result = await copy.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.BulkCopyFailed && FirstProblem(warnings) is { } warning)
        {
            throw dialect.TranslateWarning((int)warning.ErrorCode, warning.Message, context.CommandText, e);
        }
        catch (MySqlException e) when (e.InnerException is ArgumentException or OperationCanceledException or NotSupportedException)
        {
            // The rows themselves failed (a malformed row, cancellation, a type the driver cannot write): MySqlConnector
            // ended the file and wrapped the cause, which is what the caller must see.
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
        catch (MySqlException e) when (e.Number is 1148 or 3948)
        {
            throw new DatabaseException(
                $"The server refuses LOAD DATA LOCAL INFILE (MySQL error {e.Number}): set local_infile=ON on the server, or drop allow_load_local_infile from the URL so that bulk inserts use multi-row INSERT.",
                new DatabaseErrorDetails(dialect.Name, e.SqlState, e.Number, Sql: context.CommandText), e);
        }
        finally
        {
            connection.InfoMessage -= Collect;
        }
        if (FirstProblem(result.Warnings) is { } problem) throw dialect.TranslateWarning((int)problem.ErrorCode, problem.Message, context.CommandText, null);
        return result.RowsInserted;
    }

    /// <summary>The first warning or error, skipping notes, which report nothing wrong with the data.</summary>
    private static MySqlError? FirstProblem(IReadOnlyList<MySqlError> messages)
    {
        foreach (var message in messages)
        {
            if (!string.Equals(message.Level, "Note", StringComparison.OrdinalIgnoreCase)) return message;
        }
        return null;
    }
}
