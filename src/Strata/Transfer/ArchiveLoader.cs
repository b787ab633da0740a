using System.Security.Cryptography;
using System.Text.Json;

namespace Strata.Transfer;

/// <summary>Reads an archive's row sections and bulk-loads them, checking each table's count and checksum against its end marker.</summary>
internal static class ArchiveLoader
{
    /// <summary>Loads every table section up to the end of the archive, each into the table <paramref name="targetName"/> gives.</summary>
    public static async Task<IReadOnlyList<TransferTableSummary>> LoadAsync(IDbSession session, ArchiveReader reader, IReadOnlyList<ArchiveTable> tables,
        Func<ArchiveTable, string> targetName, RestoreOptions options, CancellationToken cancellationToken)
    {
        var summaries = new List<TransferTableSummary>();
        while (true)
        {
            using var line = await reader.NextAsync("its end marker", cancellationToken).ConfigureAwait(false);
            var root = line.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("endOfArchive", out var end))
            {
                if (!end.TryGetInt32(out var count) || count != summaries.Count)
                    throw new ArchiveCorruptedException($"The archive's end marker counts {end} tables but the archive holds {summaries.Count}; the archive is corrupted. Take a new dump.");
                return summaries;
            }
            var name = ArchiveReader.Member(line, "table").GetString()!;
            var table = tables.FirstOrDefault(t => t.Name == name)
                ?? throw new ArchiveCorruptedException($"The archive has rows for table '{name}', which its schema does not describe; the archive is corrupted. Take a new dump.");
            summaries.Add(await LoadTableAsync(session, reader, table, targetName(table), options, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<TransferTableSummary> LoadTableAsync(IDbSession session, ArchiveReader reader, ArchiveTable table, string target, RestoreOptions options,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var columns = table.Columns.Select(c => c.Name).ToList();
        var bulk = new BulkInsertOptions { BatchSize = options.BatchSize };
        var section = new ArchiveTableRows(reader, table, new LineHasher(hash), options, cancellationToken);
        options.Progress?.Report(new TransferProgress(table.Name, 0, false));
        // One bulk insert for the whole table, parsing each row as the database takes it: no per-batch statements, and the
        // rows die young instead of waiting in batches long enough for the garbage collector to promote them.
        await session.BulkInsertAsync(target, columns, section, bulk, cancellationToken).ConfigureAwait(false);
        using var end = section.End
            ?? throw new InvalidOperationException($"The bulk insert into '{target}' stopped before the last row of the archive's table '{table.Name}'.");
        return Finish(end, table, section.Count, hash, options);
    }

    private static TransferTableSummary Finish(JsonDocument line, ArchiveTable table, long rows, IncrementalHash hash, RestoreOptions options)
    {
        var expectedRows = ArchiveReader.Member(line, "rows").GetInt64();
        var expected = ArchiveReader.Member(line, "sha256").GetString();
        var checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (expectedRows != rows || !string.Equals(expected, checksum, StringComparison.Ordinal))
            throw new ArchiveCorruptedException(
                $"Table '{table.Name}' in the archive has {rows} rows with checksum {checksum}, but its end marker records {expectedRows} rows with checksum {expected}; the archive is corrupted. Take a new dump.");
        options.Progress?.Report(new TransferProgress(table.Name, rows, true));
        return new TransferTableSummary(table.Name, rows, checksum);
    }
}
