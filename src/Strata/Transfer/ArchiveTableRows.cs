using System.Text.Json;
using Strata.Bulk;

namespace Strata.Transfer;

/// <summary>
/// One table section of an archive as the rows a bulk insert pulls: each line is read, hashed and parsed only when the database
/// takes the row before it, its values written typed into the bulk insert's writer (straight into binary COPY on PostgreSQL), so
/// a whole table goes in one bulk insert with nothing held but the row being sent. The section's end marker is kept for the
/// caller to check.
/// </summary>
/// <remarks>Reads the archive synchronously when its buffer runs out (a row source cannot await). Read once.</remarks>
internal sealed class ArchiveTableRows(ArchiveReader reader, ArchiveTable table, LineHasher hashing, RestoreOptions options, CancellationToken cancellationToken)
    : BulkRowSource
{
    /// <summary>The rows read so far.</summary>
    public long Count { get; private set; }

    /// <summary>The section's end marker, once the rows have been read to it; null before.</summary>
    public JsonDocument? End { get; private set; }

    /// <summary>Writes the next row, or reads the section's end marker and returns false.</summary>
    /// <exception cref="ArchiveCorruptedException">The archive ends before the marker, or a row is malformed.</exception>
    public override bool WriteRow(IBulkValueWriter writer)
    {
        if (End is not null) return false;
        cancellationToken.ThrowIfCancellationRequested();
        var line = reader.ReadLine()
            ?? throw new ArchiveCorruptedException($"The archive ends after line {reader.Line}, before the end of table '{table.Name}'; it is truncated. Take a new dump or copy the whole file.");
        if (!ArchiveReader.IsRow(line.Span))
        {
            hashing.Flush();
            End = reader.Parse(line);
            return false;
        }
        hashing.Append(line.Span);
        ArchiveRowParser.Parse(line.Span, table, reader.Line, writer);
        if (++Count % options.BatchSize == 0) options.Progress?.Report(new TransferProgress(table.Name, Count, false));
        return true;
    }
}
