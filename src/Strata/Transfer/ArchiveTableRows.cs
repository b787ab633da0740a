using System.Text.Json;

namespace Strata.Transfer;

/// <summary>
/// One table section of an archive as the rows a bulk insert pulls: each line is read, hashed and parsed only when the database
/// takes the row before it, so a whole table goes in one bulk insert (one COPY on PostgreSQL) with nothing held but the row
/// being sent. The section's end marker is kept for the caller to check.
/// </summary>
/// <remarks>Reads the archive synchronously when its buffer runs out (an enumerator cannot await). Enumerate once.</remarks>
internal sealed class ArchiveTableRows(ArchiveReader reader, ArchiveTable table, LineHasher hashing, RestoreOptions options, CancellationToken cancellationToken)
{
    /// <summary>The rows read so far.</summary>
    public long Count { get; private set; }

    /// <summary>The section's end marker, once the rows have been read to it; null before.</summary>
    public JsonDocument? End { get; private set; }

    /// <summary>The rows, up to the section's end marker.</summary>
    /// <exception cref="ArchiveCorruptedException">The archive ends before the marker, or a row is malformed.</exception>
    public IEnumerable<object?[]> Rows()
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = reader.ReadLine()
                ?? throw new ArchiveCorruptedException($"The archive ends after line {reader.Line}, before the end of table '{table.Name}'; it is truncated. Take a new dump or copy the whole file.");
            if (!ArchiveReader.IsRow(line.Span))
            {
                hashing.Flush();
                End = reader.Parse(line);
                yield break;
            }
            hashing.Append(line.Span);
            var values = ArchiveRowParser.Parse(line.Span, table, reader.Line);
            if (++Count % options.BatchSize == 0) options.Progress?.Report(new TransferProgress(table.Name, Count, false));
            yield return values;
        }
    }
}
