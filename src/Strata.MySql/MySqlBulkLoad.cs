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
        var table = dialect.QuoteIdentifier(context.Table);
        // MySqlBulkCopy writes the LOAD DATA statement itself; interceptors see a command carrying what it sends.
        var described = $"LOAD DATA LOCAL INFILE INTO TABLE {table} ({string.Join(", ", context.Columns.Select(dialect.QuoteIdentifier))})";
        var command = context.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = described;
            command.Transaction = context.Transaction;
            command.CommandTimeout = context.CommandTimeoutSeconds;
            return await context.SendAsync(command, context.RowCount, (c, ct) =>
            {
                if (!string.Equals(c.CommandText, described, StringComparison.Ordinal))
                    throw new NotSupportedException(
                        "A command interceptor changed the text of a bulk insert's LOAD DATA statement, which MySqlBulkCopy writes itself, so it cannot be " +
                        "rewritten. Leave CommandKind.BulkInsert commands' text as it is, or refuse the insert by throwing.");
                return LoadAsync(dialect, context, table, described, ct);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> LoadAsync(MySqlDialect dialect, BulkInsertContext context, string table, string statement, CancellationToken cancellationToken)
    {
        var connection = (MySqlConnection)context.Connection;
        var transaction = (MySqlTransaction?)context.Transaction;
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
        var warnings = new List<MySqlError>();
        void Collect(object sender, MySqlInfoMessageEventArgs e) => warnings.AddRange(e.Errors);
        connection.InfoMessage += Collect;
        MySqlBulkCopyResult result;
        var reader = new MySqlBulkRowReader(context.Columns, context.Rows, cancellationToken);
        try
        {
            await using (reader.ConfigureAwait(false))
                result = await copy.WriteToServerAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (reader.Failure is { } failure)
        {
            // The rows themselves failed (the caller's sequence threw, a malformed row, cancellation): whether MySqlConnector
            // wrapped that in its own error ("Error during LOAD DATA LOCAL INFILE") or not, the cause is what the caller sees.
            failure.Throw();
            throw;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.BulkCopyFailed && FirstProblem(warnings) is { } warning)
        {
            throw dialect.TranslateWarning((int)warning.ErrorCode, warning.Message, statement, e);
        }
        catch (MySqlException e) when (e.InnerException is ArgumentException or OperationCanceledException or NotSupportedException)
        {
            // A value of a type MySqlConnector cannot write, or cancellation: its own exception says which.
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
        catch (MySqlException e) when (e.Number is 1148 or 3948)
        {
            throw new DatabaseException(
                $"The server refuses LOAD DATA LOCAL INFILE (MySQL error {e.Number}): set local_infile=ON on the server, or drop allow_load_local_infile from the URL so that bulk inserts use multi-row INSERT.",
                new DatabaseErrorDetails(dialect.Name, e.SqlState, e.Number, Sql: statement), e);
        }
        finally
        {
            connection.InfoMessage -= Collect;
        }
        if (FirstProblem(result.Warnings) is { } problem) throw dialect.TranslateWarning((int)problem.ErrorCode, problem.Message, statement, null);
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
