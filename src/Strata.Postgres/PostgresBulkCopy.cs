using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Strata.Bulk;

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
            return await context.SendAsync(command, context.RowCount, (c, ct) => CopyAsync(context, c.CommandText, ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> CopyAsync(BulkInsertContext context, string copy, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)context.Connection;
        var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            // Zero is Npgsql's "no timeout", as it is Strata's.
            importer.Timeout = TimeSpan.FromSeconds(context.CommandTimeoutSeconds);
            long rows = 0;
            foreach (var row in context.Rows)
            {
                // Writes into Npgsql's buffer complete without looking at the token; only a flush would see it.
                cancellationToken.ThrowIfCancellationRequested();
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                foreach (var value in row) await WriteAsync(importer, PostgresDialect.DriverValue(value), cancellationToken).ConfigureAwait(false);
                if (++rows % context.BatchSize == 0) context.ReportProgress(rows);
            }
            return checked((long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false));
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
        // Arrays, ranges, network types and the like: the type Npgsql infers from the value, as for a parameter.
        _ => importer.WriteAsync(value, cancellationToken),
    };
}
