using System.Buffers;
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
        if (TryParseWritten(line, table, writer)) return;
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

    // What ends a string the fast way: its closing quote, or an escape or control character that only a JSON reader handles.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    /// <summary>
    /// Writes the values of a line in the exact form the dump writes (compact, no escapes in strings), finding each value's
    /// bytes with a few vectorised searches instead of a JSON reader. Returns false, having written nothing, for any other form,
    /// which the reader then parses (and reports, when it is malformed).
    /// </summary>
    private static bool TryParseWritten(ReadOnlySpan<byte> line, ArchiveTable table, IBulkValueWriter writer)
    {
        var columns = table.Columns;
        var count = columns.Count;
        if (count > MaxFastColumns || line.Length < 2 || line[0] != (byte)'[' || line[^1] != (byte)']') return false;
        Span<int> starts = stackalloc int[count];
        Span<int> lengths = stackalloc int[count];
        Span<ValueToken> tokens = stackalloc ValueToken[count];
        var at = 1;
        for (var i = 0; i < count; i++)
        {
            if (at >= line.Length) return false;
            var first = line[at];
            if (first == (byte)'"')
            {
                var end = line[(at + 1)..].IndexOfAny(StringStops);
                if (end < 0 || line[at + 1 + end] != (byte)'"') return false;
                (tokens[i], starts[i], lengths[i]) = (ValueToken.String, at + 1, end);
                at += end + 2;
            }
            else if (first is (byte)'-' or >= (byte)'0' and <= (byte)'9')
            {
                var end = line[at..].IndexOfAny((byte)',', (byte)']');
                if (end <= 0 || !IsJsonNumber(line.Slice(at, end))) return false;
                (tokens[i], starts[i], lengths[i]) = (ValueToken.Number, at, end);
                at += end;
            }
            else if (LiteralAt(line[at..], out var literal, out var length))
            {
                (tokens[i], starts[i], lengths[i]) = (literal, at, length);
                at += length;
            }
            else
            {
                return false;
            }
            if (i < count - 1)
            {
                if (at >= line.Length || line[at] != (byte)',') return false;
                at++;
            }
        }
        if (at != line.Length - 1) return false;
        for (var i = 0; i < count; i++)
        {
            var column = columns[i];
            PortableValues.Load(tokens[i], line.Slice(starts[i], lengths[i]), column.Type, writer, table.Name, column.Name);
        }
        return true;
    }

    /// <summary>True for JSON's number grammar: an optional minus, an integer without leading zeros, a fraction, an exponent.</summary>
    private static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        var at = text[0] == (byte)'-' ? 1 : 0;
        var digits = Digits(text, ref at);
        if (digits == 0 || digits > 1 && text[at - digits] == (byte)'0') return false;
        if (at < text.Length && text[at] == (byte)'.')
        {
            at++;
            if (Digits(text, ref at) == 0) return false;
        }
        if (at < text.Length && text[at] is (byte)'e' or (byte)'E')
        {
            at++;
            if (at < text.Length && text[at] is (byte)'+' or (byte)'-') at++;
            if (Digits(text, ref at) == 0) return false;
        }
        return at == text.Length;
    }

    private static int Digits(ReadOnlySpan<byte> text, ref int at)
    {
        var start = at;
        while (at < text.Length && text[at] is >= (byte)'0' and <= (byte)'9') at++;
        return at - start;
    }

    // Rows wider than this go through the reader, so the value positions fit on the stack.
    private const int MaxFastColumns = 256;

    /// <summary>The JSON literal (<c>null</c>, <c>true</c>, <c>false</c>) <paramref name="rest"/> starts with, if any.</summary>
    private static bool LiteralAt(ReadOnlySpan<byte> rest, out ValueToken token, out int length)
    {
        (token, length) = rest.StartsWith("null"u8) ? (ValueToken.Null, 4)
            : rest.StartsWith("true"u8) ? (ValueToken.True, 4)
            : rest.StartsWith("false"u8) ? (ValueToken.False, 5)
            : (ValueToken.Null, 0);
        return length > 0;
    }

    private static ArchiveCorruptedException WrongWidth(ArchiveTable table, long line, int count) =>
        new($"Line {line} of the archive has {count} values for table '{table.Name}', which has {table.Columns.Count} columns; the archive is corrupted.");

    private static ArchiveCorruptedException NotJson(long line, JsonException? inner) =>
        new($"Line {line} of the archive is not valid JSON; the archive is corrupted or truncated. Take a new dump.", inner);
}
