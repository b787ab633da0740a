using System.Text.Json;

namespace Strata.Transfer;

/// <summary>
/// Loads an archive into a database: creates the tables in its dialect, bulk-loads the rows, adds the foreign keys after
/// them, verifies each table's count and checksum, and resets identity counters. All in one transaction where the database
/// rolls back DDL; elsewhere the tables are built under other names and swapped in at the end (<see cref="StagedRestore"/>).
/// </summary>
internal static class DatabaseRestorer
{
    public static async Task<IReadOnlyList<TransferTableSummary>> RestoreAsync(IDbSession database, Stream stream, RestoreOptions options, CancellationToken cancellationToken,
        bool? compressed = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options.Validate();
        using var reader = ArchiveReader.Open(stream, compressed);
        bool dataOnly;
        using (var header = await reader.NextAsync("its header", cancellationToken).ConfigureAwait(false))
            dataOnly = ReadHeader(header);
        List<ArchiveTable> tables;
        using (var schemaLine = await reader.NextAsync("its schema", cancellationToken).ConfigureAwait(false))
            tables = ReadSchema(schemaLine);

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

        // Rows into existing tables are DML, which every supported database rolls back.
        if (!dataOnly && !database.Dialect.SupportsTransactionalDdl)
            return await StagedRestore.RunAsync(database, reader, tables, present, existing, options, cancellationToken).ConfigureAwait(false);

        await using var tx = await database.BeginTransactionAsync(null, cancellationToken).ConfigureAwait(false);
        var addKeysLater = tx.Dialect.AltersForeignKeysInPlace;
        // Keys and indexes built once over the loaded rows; the tables are new and invisible to others until the commit.
        var keysAfterData = !dataOnly && tx.Dialect.BuildsKeysAfterBulkLoad;
        if (!addKeysLater) await tx.Dialect.DeferForeignKeyChecksAsync(tx, cancellationToken).ConfigureAwait(false);
        if (!dataOnly)
        {
            // Without their foreign keys (where they can go in place) and children first, so no dropped table is still referred to.
            if (addKeysLater)
            {
                foreach (var name in present)
                    await ArchiveTableDdl.DropForeignKeysAsync(tx, existing.FindTable(name)!, name, cancellationToken).ConfigureAwait(false);
            }
            foreach (var name in Enumerable.Reverse(tables).Where(t => present.Contains(t.Name)).Select(t => t.Name))
                await tx.Schema.DropTable(name).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            foreach (var table in tables)
            {
                await ArchiveTableDdl.CreateAsync(tx, table, table.Name, withForeignKeys: !addKeysLater, cancellationToken, withIndexes: !keysAfterData).ConfigureAwait(false);
                if (keysAfterData) await ArchiveTableDdl.DropPrimaryKeyAsync(tx, table, table.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        var summaries = await ArchiveLoader.LoadAsync(tx, reader, tables, t => t.Name, options, cancellationToken).ConfigureAwait(false);
        if (keysAfterData)
        {
            // Before the foreign keys, which need the keys they refer to.
            foreach (var table in tables)
                await ArchiveTableDdl.AddKeyAndIndexesAsync(tx, table, table.Name, cancellationToken).ConfigureAwait(false);
        }
        if (!dataOnly && addKeysLater)
        {
            foreach (var table in tables)
                await ArchiveTableDdl.AddForeignKeysAsync(tx, table, table.Name, cancellationToken).ConfigureAwait(false);
        }
        await ResetIdentitiesAsync(tx, tables, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summaries;
    }

    /// <summary>Moves each auto-increment key's counter past the loaded keys, where the database does not do it itself.</summary>
    public static async Task ResetIdentitiesAsync(IDbSession session, IEnumerable<ArchiveTable> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            var key = table.Columns.FirstOrDefault(c => c.Type.IsAutoIncrement);
            if (key is not null && session.Dialect.ResetIdentitySql(table.Name, key.Name) is { } reset)
                await session.ExecuteAsync(reset, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<ArchiveTable> ReadSchema(JsonDocument line)
    {
        try
        {
            return ArchiveReader.Member(line, "tables").EnumerateArray().Select(ArchiveSchemaJson.Read).ToList();
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ArchiveCorruptedException("The archive's schema line lacks a member or has one of the wrong kind; the archive is corrupted. Take a new dump.", e);
        }
    }

    private static bool ReadHeader(JsonDocument header)
    {
        var root = header.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
            || format.GetString() != ArchiveFormat.Name || !root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number))
            throw new ArchiveCorruptedException("The stream is not a Strata archive (its first line is not a strata-dump header); give the file 'strata db dump' or DumpAsync wrote.");
        if (number > ArchiveFormat.Version || number < 1)
            throw new ArchiveVersionException(number, ArchiveFormat.Version);
        return root.TryGetProperty("dataOnly", out var dataOnly) && dataOnly.ValueKind == JsonValueKind.True;
    }
}
