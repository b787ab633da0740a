using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Strata.Bulk;
using Strata.Dialects;

namespace Strata.Postgres;

/// <summary>
/// PostgreSQL's bulk insert: one binary <c>COPY … FROM STDIN (FORMAT BINARY)</c> through Npgsql's
/// <see cref="NpgsqlBinaryImporter"/>, each value written with the <see cref="NpgsqlDbType"/> its .NET type maps to
/// (the type Npgsql infers for a parameter of that value) and nulls as nulls.
/// </summary>
/// <remarks>
/// Binary COPY converts nothing on the server, so the mapped type must be the column's own: an <c>int</c> goes to an
/// <c>integer</c> column, a <c>long</c> to a <c>bigint</c> one. One COPY is atomic: disposing an importer that was not
/// completed cancels it, and nothing it sent stays.
/// </remarks>
internal static class PostgresBulkCopy
{
    public static async Task<long> RunAsync(PostgresDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        // The COPY statement as a command, so that interceptors see it (and may rewrite its text) like any other.
        var command = context.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = CopyCommand(dialect, context);
            command.Transaction = context.Transaction;
            command.CommandTimeout = context.CommandTimeoutSeconds;
            Dictionary<string, string>? types = null;
            if (context.TypedRows is { } typed)
            {
                types = await ColumnTypesAsync(dialect, context, cancellationToken).ConfigureAwait(false);
                var names = context.Columns.Select(c => types.GetValueOrDefault(c)).ToArray();
                var kinds = names.Select(t => t is null ? null : PostgresBinaryRowWriter.KindOf(t)).ToArray();
                // A type the writer does not encode (an enum, an array, a domain): the rows go through Npgsql's importer as arrays.
                if (kinds.All(k => k is not null))
                {
                    var writer = new PostgresBinaryRowWriter([.. kinds.Select(k => k!.Value)], context.Columns, names!);
                    return await context.SendAsync(command, context.RowCount, (c, ct) => CopyTypedAsync(context, c.CommandText, typed, writer, ct), cancellationToken).ConfigureAwait(false);
                }
            }
            using var rows = context.Rows.GetEnumerator();
            if (!rows.MoveNext()) return 0;
            // JSON goes as jsonb unless its column is json (their binary forms differ), so the catalog is asked only when there is JSON.
            bool[]? jsonColumns = null;
            if (rows.Current.Any(v => v is JsonText))
            {
                types ??= await ColumnTypesAsync(dialect, context, cancellationToken).ConfigureAwait(false);
                jsonColumns = [.. context.Columns.Select(c => types.GetValueOrDefault(c) == "json")];
            }
            return await context.SendAsync(command, context.RowCount, (c, ct) => CopyAsync(context, c.CommandText, rows, jsonColumns, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Typed rows encoded by <paramref name="writer"/> straight into a raw binary COPY: no value is boxed or handed to Npgsql one
    /// at a time. The buffer goes out whenever it passes <see cref="FlushSize"/>, so the server works while the next rows are encoded.
    /// </summary>
    private static async Task<long> CopyTypedAsync(BulkInsertContext context, string copy, BulkRowSource rows, PostgresBinaryRowWriter writer, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Connection;
        var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken).ConfigureAwait(false);
        long count = 0;
        try
        {
            // Zero is Npgsql's "no timeout", as it is Strata's.
            stream.WriteTimeout = checked(context.CommandTimeoutSeconds * 1000);
            writer.WriteHeader();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.StartRow();
                if (!rows.WriteRow(writer))
                {
                    writer.AbandonRow();
                    break;
                }
                writer.EndRow(++count);
                if (count % context.BatchSize == 0) context.ReportProgress(count);
                if (writer.Buffered.Length >= FlushSize)
                {
                    await stream.WriteAsync(writer.Buffered, cancellationToken).ConfigureAwait(false);
                    writer.Clear();
                }
            }
            writer.WriteTrailer();
            await stream.WriteAsync(writer.Buffered, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Without this the COPY would end normally when the stream is disposed, keeping the rows sent so far.
            await CancelQuietlyAsync(stream).ConfigureAwait(false);
            throw;
        }
        // Ends the COPY; a row the server refused (a duplicate key, a value out of range) surfaces here.
        await stream.DisposeAsync().ConfigureAwait(false);
        return count;
    }

    private const int FlushSize = 64 * 1024;

    private static async Task CancelQuietlyAsync(NpgsqlRawCopyStream stream)
    {
        try
        {
            await stream.CancelAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            // The failure that made us cancel says what went wrong; a broken connection is closed by the pool.
        }
    }

    private static async Task<long> CopyAsync(BulkInsertContext context, string copy, IEnumerator<object?[]> rows, bool[]? jsonColumns, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Connection;
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // Zero is Npgsql's "no timeout", as it is Strata's.
            importer.Timeout = TimeSpan.FromSeconds(context.CommandTimeoutSeconds);
            long count = 0;
            do
            {
                var row = rows.Current;
                // Writes into Npgsql's buffer complete without looking at the token; only a flush would see it.
                cancellationToken.ThrowIfCancellationRequested();
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    var value = row[i];
                    // JSON goes as jsonb, or as json into the columns of that type: their binary formats differ.
                    var task = value is JsonText json
                        ? importer.WriteAsync(json.Json, jsonColumns?[i] == true ? NpgsqlDbType.Json : NpgsqlDbType.Jsonb, cancellationToken)
                        : WriteAsync(importer, PostgresDialect.DriverValue(value), cancellationToken);
                    await task.ConfigureAwait(false);
                }
                if (++count % context.BatchSize == 0) context.ReportProgress(count);
            }
            while (rows.MoveNext());
            return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The target columns' types as <c>format_type</c> names them (<c>integer</c>, <c>character varying</c>, <c>json</c>), asked of
    /// the catalog through the bulk insert's statement hook like the COPY itself.
    /// </summary>
    private static async Task<Dictionary<string, string>> ColumnTypesAsync(PostgresDialect dialect, BulkInsertContext context, CancellationToken cancellationToken)
    {
        var command = context.Connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a WHERE a.attrelid = CAST($1 AS regclass) AND a.attnum > 0 AND NOT a.attisdropped";
            command.Transaction = context.Transaction;
            command.CommandTimeout = context.CommandTimeoutSeconds;
            dialect.AddParameter(command, 0, dialect.QuoteIdentifier(context.Table));
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            await context.SendAsync(command, 0, async (c, ct) =>
            {
                var reader = await c.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false)) types[reader.GetString(0)] = reader.GetString(1);
                }
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            return types;
        }
    }

    private static string CopyCommand(PostgresDialect dialect, BulkInsertContext context)
    {
        var text = new StringBuilder("COPY ");
        dialect.AppendQuotedIdentifier(text, context.Table);
        text.Append(" (");
        for (var i = 0; i < context.Columns.Count; i++)
        {
            if (i > 0) text.Append(", ");
            dialect.AppendQuotedIdentifier(text, context.Columns[i]);
        }
        return text.Append(") FROM STDIN (FORMAT BINARY)").ToString();
    }

    /// <summary>One value, through the generic write of its own type so that it is not boxed again on the way.</summary>
    private static Task WriteAsync(NpgsqlBinaryImporter importer, object value, CancellationToken cancellationToken) => value switch
    {
        DBNull => importer.WriteNullAsync(cancellationToken),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken),
        short s => importer.WriteAsync(s, NpgsqlDbType.Smallint, cancellationToken),
        bool b => importer.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken),
        decimal d => importer.WriteAsync(d, NpgsqlDbType.Numeric, cancellationToken),
        double d => importer.WriteAsync(d, NpgsqlDbType.Double, cancellationToken),
        float f => importer.WriteAsync(f, NpgsqlDbType.Real, cancellationToken),
        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid, cancellationToken),
        // As for parameters: a UTC DateTime is an instant (timestamptz), any other kind a wall-clock time (timestamp).
        DateTime d => importer.WriteAsync(d, d.Kind == DateTimeKind.Utc ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp, cancellationToken),
        DateTimeOffset o => importer.WriteAsync(o, NpgsqlDbType.TimestampTz, cancellationToken),
        DateOnly d => importer.WriteAsync(d, NpgsqlDbType.Date, cancellationToken),
        TimeOnly t => importer.WriteAsync(t, NpgsqlDbType.Time, cancellationToken),
        TimeSpan t => importer.WriteAsync(t, NpgsqlDbType.Interval, cancellationToken),
        byte[] b => importer.WriteAsync(b, NpgsqlDbType.Bytea, cancellationToken),
        char c => importer.WriteAsync(c.ToString(), NpgsqlDbType.Text, cancellationToken),
        JsonDocument j => importer.WriteAsync(j, NpgsqlDbType.Jsonb, cancellationToken),
        JsonElement j => importer.WriteAsync(j, NpgsqlDbType.Jsonb, cancellationToken),
        // A collection: the array PostgresArrays.Parameter made of it, as Npgsql writes it for a parameter.
        // Arrays, ranges, network types and the like: the type Npgsql infers from the value, as for a parameter.
        _ => importer.WriteAsync(value, cancellationToken),
    };
}
