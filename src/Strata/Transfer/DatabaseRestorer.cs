using System.Security.Cryptography;
using System.Text.Json;
using Strata.Schema;

namespace Strata.Transfer;

/// <summary>
/// Loads an archive into a database: creates the tables in its dialect (parents first), bulk-loads the rows, verifies each
/// table's count and checksum, and resets identity counters. All in one transaction where the database rolls back DDL;
/// elsewhere the tables it created are dropped again when it fails.
/// </summary>
internal static class DatabaseRestorer
{
    public static async Task<IReadOnlyList<TransferTableSummary>> RestoreAsync(IDbSession database, Stream stream, RestoreOptions options, CancellationToken cancellationToken,
        bool? compressed = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options.Validate();
        using var reader = ArchiveReader.Open(stream, compressed);
        var dataOnly = ReadHeader(await Next(reader, null, "its header", cancellationToken).ConfigureAwait(false));
        List<ArchiveTable> tables;
        using (var schemaLine = await Next(reader, null, "its schema", cancellationToken).ConfigureAwait(false))
        {
            tables = Element(schemaLine, "tables").EnumerateArray().Select(ArchiveSchemaJson.Read).ToList();
        }

        var existing = await database.Schema.IntrospectAsync(cancellationToken).ConfigureAwait(false);
        var present = tables.Where(t => existing.FindTable(t.Name) is not null).Select(t => t.Name).ToList();
        if (dataOnly)
        {
            var missing = tables.Where(t => existing.FindTable(t.Name) is null).Select(t => t.Name).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"The archive holds data only, and the target has no table {string.Join(", ", missing)}; create the tables first (restore a dump with the schema).");
        }
        else if (present.Count > 0 && !options.Replace)
        {
            throw new InvalidOperationException(
                $"The target already has the table(s) {string.Join(", ", present)} that the archive restores; restore into an empty database, or set RestoreOptions.Replace (strata db restore --replace) to drop and recreate them.");
        }

        var transactional = database.Dialect.SupportsTransactionalDdl;
        var created = new List<string>();
        Transaction? tx = transactional ? await database.BeginTransactionAsync(null, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            var session = (IDbSession?)tx ?? database;
            if (!dataOnly)
            {
                // Children first, so no dropped table is still referred to.
                foreach (var name in Enumerable.Reverse(tables).Where(t => present.Contains(t.Name)).Select(t => t.Name))
                    await session.Schema.DropTable(name).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                foreach (var table in tables)
                {
                    await session.Schema.CreateTable(table.Name, t => Declare(t, table)).ExecuteAsync(cancellationToken).ConfigureAwait(false);
                    created.Add(table.Name);
                }
            }
            var summaries = await LoadAsync(session, reader, tables, options, cancellationToken).ConfigureAwait(false);
            foreach (var table in tables)
            {
                var key = table.Columns.FirstOrDefault(c => c.Type.IsAutoIncrement);
                if (key is not null && session.Dialect.ResetIdentitySql(table.Name, key.Name) is { } reset)
                    await session.ExecuteAsync(reset, cancellationToken).ConfigureAwait(false);
            }
            if (tx is not null) await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return summaries;
        }
        catch when (tx is null && created.Count > 0)
        {
            // No transactional DDL: undo what this restore created (children first), then let the failure surface.
            foreach (var name in Enumerable.Reverse(created))
                await database.Schema.DropTableIfExists(name).ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (tx is not null) await tx.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool ReadHeader(JsonDocument header)
    {
        using (header)
        {
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != ArchiveFormat.Name || !root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number))
                throw new InvalidDataException("The stream is not a Strata archive (its first line is not a strata-dump header); give the file 'strata db dump' or DumpAsync wrote.");
            if (number > ArchiveFormat.Version || number < 1)
                throw new InvalidDataException(
                    $"The archive is in format version {number}, and this version of Strata reads versions up to {ArchiveFormat.Version}; restore it with a newer Strata.");
            return root.TryGetProperty("dataOnly", out var dataOnly) && dataOnly.ValueKind == JsonValueKind.True;
        }
    }

    private static void Declare(TableBuilder t, ArchiveTable table)
    {
        foreach (var column in table.Columns)
        {
            var builder = t.Column(column.Name, column.Type);
            if (!column.Type.IsAutoIncrement) builder.Nullable(column.IsNullable);
        }
        var autoKey = table.Columns.Any(c => c.Type.IsAutoIncrement);
        if (table.PrimaryKey.Count > 0 && !autoKey) t.PrimaryKey([.. table.PrimaryKey]);
        foreach (var unique in table.Uniques)
        {
            var constraint = t.Unique([.. unique.Columns]);
            if (unique.Name is not null) constraint.Named(unique.Name);
        }
        foreach (var index in table.Indexes)
        {
            var builder = t.Index([.. index.Columns]).Named(index.Name);
            if (index.IsUnique) builder.Unique();
        }
        foreach (var key in table.ForeignKeys)
        {
            var builder = t.ForeignKey([.. key.Columns]).References(key.ReferencedTable, [.. key.ReferencedColumns]).OnDelete(key.OnDelete).OnUpdate(key.OnUpdate);
            if (key.Name is not null) builder.Named(key.Name);
        }
    }

    private static async Task<IReadOnlyList<TransferTableSummary>> LoadAsync(IDbSession session, ArchiveReader reader, List<ArchiveTable> tables, RestoreOptions options,
        CancellationToken cancellationToken)
    {
        var summaries = new List<TransferTableSummary>();
        while (true)
        {
            using var line = await Next(reader, null, "its end marker", cancellationToken).ConfigureAwait(false);
            var root = line.RootElement;
            if (root.TryGetProperty("endOfArchive", out var end))
            {
                if (!end.TryGetInt32(out var count) || count != summaries.Count)
                    throw new InvalidDataException($"The archive's end marker counts {end} tables but the archive holds {summaries.Count}; the archive is corrupted. Take a new dump.");
                return summaries;
            }
            var name = Element(line, "table").GetString()!;
            var table = tables.FirstOrDefault(t => t.Name == name)
                ?? throw new InvalidDataException($"The archive has rows for table '{name}', which its schema does not describe; the archive is corrupted. Take a new dump.");
            summaries.Add(await LoadTableAsync(session, reader, table, options, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<TransferTableSummary> LoadTableAsync(IDbSession session, ArchiveReader reader, ArchiveTable table, RestoreOptions options, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var columns = table.Columns.Select(c => c.Name).ToList();
        var bulk = new BulkInsertOptions { BatchSize = options.BatchSize };
        var batch = new List<object?[]>(options.BatchSize);
        long rows = 0;
        while (true)
        {
            using var line = await Next(reader, hash, $"the end of table '{table.Name}'", cancellationToken).ConfigureAwait(false);
            var root = line.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() != columns.Count)
                    throw new InvalidDataException($"Line {reader.Line} of the archive has {root.GetArrayLength()} values for table '{table.Name}', which has {columns.Count} columns; the archive is corrupted.");
                var values = new object?[columns.Count];
                var i = 0;
                foreach (var value in root.EnumerateArray())
                {
                    values[i] = PortableValues.Read(value, table.Columns[i].Type, table.Name, columns[i]);
                    i++;
                }
                batch.Add(values);
                rows++;
                if (batch.Count == options.BatchSize)
                {
                    await session.BulkInsertAsync(table.Name, columns, batch, bulk, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    options.Progress?.Report(new TransferProgress(table.Name, rows, false));
                }
                continue;
            }
            if (batch.Count > 0) await session.BulkInsertAsync(table.Name, columns, batch, bulk, cancellationToken).ConfigureAwait(false);
            var expectedRows = Element(line, "rows").GetInt64();
            var expected = Element(line, "sha256").GetString();
            var checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedRows != rows || !string.Equals(expected, checksum, StringComparison.Ordinal))
                throw new InvalidDataException(
                    $"Table '{table.Name}' in the archive has {rows} rows with checksum {checksum}, but its end marker records {expectedRows} rows with checksum {expected}; the archive is corrupted. Take a new dump.");
            options.Progress?.Report(new TransferProgress(table.Name, rows, true));
            return new TransferTableSummary(table.Name, rows, checksum);
        }
    }

    private static async Task<JsonDocument> Next(ArchiveReader reader, IncrementalHash? hash, string what, CancellationToken cancellationToken) =>
        await reader.ReadAsync(hash, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException($"The archive ends after line {reader.Line}, before {what}; it is truncated. Take a new dump or copy the whole file.");

    private static JsonElement Element(JsonDocument line, string member) =>
        line.RootElement.ValueKind == JsonValueKind.Object && line.RootElement.TryGetProperty(member, out var value)
            ? value
            : throw new InvalidDataException($"A line of the archive lacks its '{member}' member; the archive is corrupted. Take a new dump.");
}
