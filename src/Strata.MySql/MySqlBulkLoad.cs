using MySqlConnector;
using Strata.Bulk;

namespace Strata.MySql;

/// <summary>
/// MySQL's fast bulk insert: one <c>LOAD DATA LOCAL INFILE</c> through MySqlConnector's <see cref="MySqlBulkLoader"/>, whose
/// file is a <see cref="MySqlLoadDataStream"/> that <see cref="MySqlLoadDataWriter"/> fills as the driver sends it. Typed rows
/// (entities, <see cref="BulkRowSource"/>) are encoded without boxing; rows of boxed values go through the same encoder. Used
/// only when the connection allows local files (<see cref="MySqlDialect.UsesBulkCopy"/>).
/// </summary>
/// <remarks>
/// With LOCAL the server cannot stop the client mid-file, so it turns errors into warnings: a duplicate key skips the
/// row, a value that does not fit is changed. Any warning therefore fails the insert, translated as the error would
/// have been, and the transaction Strata holds takes back what was loaded. The insert first reads the table's columns
/// (<c>SELECT * … LIMIT 0</c>, which interceptors do not see, as the load's own preparation), because a BIT column takes its
/// number only through <c>CAST</c>.
/// </remarks>
internal static class MySqlBulkLoad
{
    /// <summary>How the file is written, as the statement tells the server; <see cref="MySqlLoadDataWriter"/> writes to it.</summary>
    internal const string FormatClauses = @"CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'";

    public static async Task<long> RunAsync(MySqlDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        var table = dialect.QuoteIdentifier(context.Table);
        // MySqlBulkLoader writes the statement itself (naming a file of its own); interceptors see a command carrying the rest.
        var described = $"LOAD DATA LOCAL INFILE INTO TABLE {table} {FormatClauses} ({string.Join(", ", context.Columns.Select(dialect.QuoteIdentifier))})";
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
                        "A command interceptor changed the text of a bulk insert's LOAD DATA statement, which MySqlConnector's bulk loader writes itself, so it " +
                        "cannot be rewritten. Leave CommandKind.BulkInsert commands' text as it is, or refuse the insert by throwing.");
                return LoadAsync(dialect, context, table, described, ct);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> LoadAsync(MySqlDialect dialect, BulkInsertContext context, string table, string statement, CancellationToken cancellationToken)
    {
        var connection = (MySqlConnection)context.Connection;
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = table,
            CharacterSet = "utf8mb4",
            FieldTerminator = "\t",
            EscapeCharacter = '\\',
            LineTerminator = "\n",
            Local = true,
            // Seconds, whatever its documentation says: it becomes the command's CommandTimeout.
            Timeout = context.CommandTimeoutSeconds,
        };
        var bits = await BitColumnsAsync(connection, context, table, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < context.Columns.Count; i++)
        {
            var column = dialect.QuoteIdentifier(context.Columns[i]);
            if (!bits.Contains(context.Columns[i]))
            {
                loader.Columns.Add(column);
                continue;
            }
            // The file's text "1" would be the character's bits; the number goes through a variable. MySqlConnector lets the
            // loader's statement use variables; the name keeps clear of the application's own.
            var variable = $"@`strata_load_bit_{i}`";
            loader.Columns.Add(variable);
            loader.Expressions.Add($"{column} = CAST({variable} AS UNSIGNED)");
        }

        using var writer = new MySqlLoadDataWriter(dialect, context.Columns);
        using var boxed = context.TypedRows is null ? new MySqlBoxedRows(context.Rows) : null;
        var file = new MySqlLoadDataStream(context.TypedRows ?? boxed!, writer, context, cancellationToken);
        loader.SourceStream = file;
        var warnings = new List<MySqlError>();
        void Collect(object sender, MySqlInfoMessageEventArgs e) => warnings.AddRange(e.Errors);
        connection.InfoMessage += Collect;
        int inserted;
        try
        {
            inserted = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (file.Failure is { } failure)
        {
            // The rows themselves failed (the caller's sequence threw, a malformed row or value, cancellation): MySqlConnector
            // wraps that in its own error ("Error during LOAD DATA LOCAL INFILE"), but the cause is what the caller sees.
            failure.Throw();
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
        if (FirstProblem(warnings) is { } problem) throw dialect.TranslateWarning((int)problem.ErrorCode, problem.Message, statement, null);
        if (inserted != file.RowsWritten)
            throw new DatabaseException(
                $"LOAD DATA stored {inserted} of the {file.RowsWritten} rows it was sent and gave no warning saying why; nothing of this bulk insert is kept.",
                new DatabaseErrorDetails(dialect.Name, null, null, Sql: statement), null);
        return inserted;
    }

    /// <summary>The target table's BIT columns, from the column types of an empty result.</summary>
    private static async Task<HashSet<string>> BitColumnsAsync(MySqlConnection connection, BulkInsertContext context, string table, CancellationToken cancellationToken)
    {
        var bits = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var probe = connection.CreateCommand();
        await using (probe.ConfigureAwait(false))
        {
            probe.CommandText = $"SELECT * FROM {table} LIMIT 0";
            probe.Transaction = (MySqlTransaction?)context.Transaction;
            probe.CommandTimeout = context.CommandTimeoutSeconds;
            var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (string.Equals(reader.GetDataTypeName(i), "BIT", StringComparison.OrdinalIgnoreCase)) bits.Add(reader.GetName(i));
                }
            }
        }
        return bits;
    }

    /// <summary>The first warning or error, skipping notes, which report nothing wrong with the data.</summary>
    private static MySqlError? FirstProblem(List<MySqlError> messages)
    {
        foreach (var message in messages)
        {
            if (!string.Equals(message.Level, "Note", StringComparison.OrdinalIgnoreCase)) return message;
        }
        return null;
    }
}
