using System.Text.Json;
using Strata.Bulk;

namespace Strata.Transfer;

/// <summary>
/// Turns one row line of an archive (a JSON array with a value per column) into the values bulk insert binds, reading the
/// UTF-8 bytes once with a <see cref="Utf8JsonReader"/> and writing each value, typed, into the bulk insert's writer.
/// </summary>
internal static class ArchiveRowParser
{
    /// <summary>The values of <paramref name="line"/>, one per column of <paramref name="table"/>, in its columns' order.</summary>
    /// <param name="line">The row line's bytes, without the line break.</param>
    /// <param name="table">The table the row belongs to.</param>
    /// <param name="lineNumber">The line's number in the archive, for messages.</param>
    /// <exception cref="ArchiveCorruptedException">The line is not valid JSON, not an array, holds another number of values than the table has columns, or a value of the wrong type.</exception>
    public static object?[] Parse(ReadOnlySpan<byte> line, ArchiveTable table, long lineNumber)
    {
        var values = new BulkValueArray(table.Columns.Count);
        values.Start();
        Parse(line, table, lineNumber, values);
        return values.Values;
    }

    /// <summary>Writes the values of <paramref name="line"/> into <paramref name="writer"/>, one per column of <paramref name="table"/>, in its columns' order.</summary>
    /// <exception cref="ArchiveCorruptedException">As for <see cref="Parse(ReadOnlySpan{byte}, ArchiveTable, long)"/>.</exception>
    public static void Parse(ReadOnlySpan<byte> line, ArchiveTable table, long lineNumber, IBulkValueWriter writer)
    {
        var columns = table.Columns;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new ArchiveCorruptedException($"Line {lineNumber} of the archive is not a row (a JSON array) of table '{table.Name}'; the archive is corrupted. Take a new dump.");
            for (var i = 0; i < columns.Count; i++)
            {
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) throw WrongWidth(table, lineNumber, i);
                var column = columns[i];
                PortableValues.Load(ref reader, column.Type, writer, table.Name, column.Name);
                // A value the type did not take (an array where a string belongs) is skipped whole, so the count stays right.
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) reader.Skip();
            }
            if (!reader.Read()) throw NotJson(lineNumber, null);
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                var count = columns.Count;
                do
                {
                    count++;
                    reader.Skip();
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                throw WrongWidth(table, lineNumber, count);
            }
            if (reader.Read()) throw NotJson(lineNumber, null);
        }
        catch (JsonException e)
        {
            throw NotJson(lineNumber, e);
        }
    }

    private static ArchiveCorruptedException WrongWidth(ArchiveTable table, long line, int count) =>
        new($"Line {line} of the archive has {count} values for table '{table.Name}', which has {table.Columns.Count} columns; the archive is corrupted.");

    private static ArchiveCorruptedException NotJson(long line, JsonException? inner) =>
        new($"Line {line} of the archive is not valid JSON; the archive is corrupted or truncated. Take a new dump.", inner);
}
