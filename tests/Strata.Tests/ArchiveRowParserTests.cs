using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsCheck;
using Strata.Schema;
using Strata.Transfer;

namespace Strata.Tests;

/// <summary>
/// Archive rows written by the archive writer and read back by the archive reader and row parser: every portable type, NULLs,
/// extreme values and awkward text come back equal, and the checksum the reader computes is the one the writer computed.
/// </summary>
public class ArchiveRowParserTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "\"", "\\", "\\\"", "/", "'", "\n", "\r", "\r\n", "\t", "\0", "\u0001", "\u001f", "\u007f", "\u0085", "é", "ß",
        "中文", "😀", "\u2028", "\u2029", "\ufeff", "</script>", "[1,2]", "{\"a\":null}", "null", "NaN",
    ];

    private static readonly Gen<string> Text = Gen.OneOf(Gen.OneOf(Pieces), Gen.Char['a', 'z'].Select(c => c.ToString())).Array[0, 24]
        .Select(p => string.Concat(p));

    private static readonly DateTime Earliest = DateTime.MinValue.AddDays(1);
    private static readonly DateTime Latest = DateTime.MaxValue.AddDays(-1);

    /// <summary>One column type with a generator of the values <see cref="PortableValues.Load(ValueToken, ReadOnlySpan{byte}, ColumnType, Strata.Bulk.IBulkValueWriter, string, string)"/> writes for it (and NULL now and then).</summary>
    private static readonly (ColumnType Type, Gen<object> Values)[] Kinds =
    [
        (ColumnType.Integer, Gen.OneOf(Gen.Int, Gen.OneOf(int.MinValue, int.MaxValue, 0)).Select(v => (object)v)),
        (ColumnType.Increments, Gen.Int.Select(v => (object)v)),
        (ColumnType.BigInteger, Gen.OneOf(Gen.Long, Gen.OneOf(long.MinValue, long.MaxValue)).Select(v => (object)v)),
        (ColumnType.BigIncrements, Gen.Long.Select(v => (object)v)),
        (ColumnType.SmallInteger, Gen.OneOf(Gen.Short, Gen.OneOf(short.MinValue, short.MaxValue)).Select(v => (object)v)),
        (ColumnType.Boolean, Gen.Bool.Select(v => (object)v)),
        (ColumnType.Decimal(28, 10), Gen.OneOf(Gen.Decimal, Gen.OneOf(decimal.MaxValue, decimal.MinValue, 0.0000000001m, -0.5m, 1.50m)).Select(v => (object)v)),
        (ColumnType.Float, Gen.OneOf(Gen.Float, Gen.OneOf(float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon)).Select(v => (object)v)),
        (ColumnType.Double, Gen.OneOf(Gen.Double, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MinValue, double.Epsilon)).Select(v => (object)v)),
        (ColumnType.Uuid, Gen.Guid.Select(v => (object)v)),
        (ColumnType.Date, Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Select(d => (object)DateOnly.FromDayNumber(d))),
        (ColumnType.Time, Gen.Long[0, TimeSpan.TicksPerDay - 1].Select(t => (object)new TimeOnly(t))),
        (ColumnType.DateTime, Ticks(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks).Select(t => (object)new DateTime(t, DateTimeKind.Unspecified))),
        (ColumnType.Timestamp(false), Ticks(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks).Select(t => (object)new DateTime(t, DateTimeKind.Unspecified))),
        (ColumnType.Timestamp(true), Gen.Select(Ticks(Earliest.Ticks, Latest.Ticks), Gen.Int[-14 * 60, 14 * 60],
            (t, minutes) => (object)new DateTimeOffset(t, TimeSpan.FromMinutes(minutes)))),
        (ColumnType.Binary, Gen.Byte.Array[0, 48].Select(v => (object)v)),
        (ColumnType.Text, Text.Select(v => (object)v)),
        (ColumnType.String(40), Text.Select(v => (object)v)),
        (ColumnType.Enum(["a", "b"]), Gen.OneOf("a", "b").Select(v => (object)v)),
        (ColumnType.Json, Text.Select(v => (object)JsonSerializer.Serialize(new { text = v, number = v.Length }))),
    ];

    [Fact]
    public void Every_portable_type_round_trips_through_the_writer_reader_and_parser()
    {
        Gen.Int[0, Kinds.Length - 1].Array[1, 8]
            .SelectMany(kinds => Row(kinds).Array[1, 5].Select(values => (kinds, values)))
            .Sample(sample =>
            {
                var table = Table(sample.kinds);
                var (read, written, hashed) = RoundTrip(table, sample.values);
                Assert.Equal(sample.values.Length, read.Count);
                for (var r = 0; r < read.Count; r++)
                {
                    for (var c = 0; c < table.Columns.Count; c++) AssertSame(table.Columns[c].Type, sample.values[r][c], read[r][c]);
                }
                Assert.Equal(written, hashed);
            }, iter: 300);
    }

    [Fact]
    public void Lines_in_the_written_form_and_the_same_lines_spaced_out_read_the_same_values()
    {
        // A space after the bracket takes a line off the fast path for the written form and through the JSON reader.
        Gen.Int[0, Kinds.Length - 1].Array[1, 8]
            .SelectMany(kinds => Row(kinds).Select(values => (kinds, values)))
            .Sample(sample =>
            {
                var table = Table(sample.kinds);
                var line = WrittenLine(table, sample.values);
                var fast = ArchiveRowParser.Parse(line, table, 1);
                var read = ArchiveRowParser.Parse([(byte)'[', (byte)' ', .. line.AsSpan(1)], table, 1);
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    AssertSame(table.Columns[c].Type, sample.values[c], fast[c]);
                    AssertSame(table.Columns[c].Type, sample.values[c], read[c]);
                }
            }, iter: 500);
    }

    [Theory]
    [InlineData("[01,\"x\",true]", "not valid JSON")]
    [InlineData("[1,\"x\",tru]", "not valid JSON")]
    [InlineData("[1,\"x\u0001\",true]", "not valid JSON")]
    [InlineData("[1,\"a\u0009b\",true]", "not valid JSON")]
    [InlineData("[1,\"a\\\\tb\\\\u00e9\",true]", null)]
    [InlineData("[1e2,\"x\",true]", "not a valid")]
    [InlineData("[1.,\"x\",true]", "not valid JSON")]
    [InlineData("[-,\"x\",true]", "not valid JSON")]
    [InlineData("[1,\"x\",true,]", "not valid JSON")]
    [InlineData("[1,\"x\",null ]", null)]
    [InlineData("[1.5,\"x\",true]", "not a valid")]
    public void Lines_off_the_written_form_are_read_by_the_JSON_reader(string line, string? error)
    {
        var table = new ArchiveTable("t", [new("id", ColumnType.Integer, false), new("name", ColumnType.Text, true), new("ok", ColumnType.Boolean, true)], [], [], [], []);
        var bytes = Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Unescape(line));
        if (error is null)
        {
            Assert.Equal(3, ArchiveRowParser.Parse(bytes, table, 7).Length);
            return;
        }
        var e = Assert.Throws<ArchiveCorruptedException>(() => ArchiveRowParser.Parse(bytes, table, 7));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_are_written_as_the_format_string_writes_them_and_read_back_exactly()
    {
        Ticks(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks).Sample(ticks =>
        {
            var value = new DateTime(ticks, DateTimeKind.Unspecified);
            Span<byte> text = stackalloc byte[PortableTimestamps.MaxLength];
            var length = PortableTimestamps.Format(value, utc: true, text);
            Assert.Equal(value.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text[..length]));
            Assert.True(PortableTimestamps.TryParse(text[..length], out var read));
            Assert.Equal(value, read);
            Assert.Equal(DateTimeKind.Unspecified, read.Kind);
        }, iter: 2000);
    }

    [Theory]
    [InlineData("2024-02-30T00:00:00")]
    [InlineData("2024-01-01 00:00:00")]
    [InlineData("2024-01-01T00:00:00.12345678")]
    [InlineData("2024-01-01T24:00:00")]
    [InlineData("2024-01-01T00:00:00+02:00")]
    [InlineData("0000-01-01T00:00:00")]
    public void Timestamps_in_other_forms_are_left_to_the_lenient_parser(string text)
    {
        Assert.False(PortableTimestamps.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Timestamps_with_an_offset_from_an_edited_archive_are_still_read_as_the_same_instant()
    {
        var table = Table([Array.FindIndex(Kinds, k => k.Type.Kind == ColumnKind.Timestamp && k.Type.WithTimeZone)]);
        var values = ArchiveRowParser.Parse("[\"2024-01-01T02:00:00+02:00\"]"u8, table, 3);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), values[0]);
    }

    [Theory]
    [InlineData("[1,\"x\"]", "has 2 values")]
    [InlineData("[1,\"x\",true,4]", "has 4 values")]
    [InlineData("[]", "has 0 values")]
    [InlineData("[\"1\",\"x\",true]", "not a valid")]
    [InlineData("[1,2,true]", "not a valid")]
    [InlineData("[1,\"x\",[true]]", "not a valid")]
    [InlineData("[1,\"x\",true", "not valid JSON")]
    [InlineData("[1,\"x\",true] 5", "not valid JSON")]
    [InlineData("{\"a\":1}", "not a row")]
    [InlineData("[99999999999,\"x\",true]", "not a valid")]
    public void A_malformed_row_is_a_corrupted_archive_naming_the_line(string line, string message)
    {
        var table = new ArchiveTable("t", [new("id", ColumnType.Integer, false), new("name", ColumnType.Text, true), new("ok", ColumnType.Boolean, true)], [], [], [], []);
        var error = Assert.Throws<ArchiveCorruptedException>(() => ArchiveRowParser.Parse(Encoding.UTF8.GetBytes(line), table, 7));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_and_lines_across_its_end_are_read_whole()
    {
        var table = new ArchiveTable("t", [new("id", ColumnType.BigInteger, false), new("body", ColumnType.Text, true)], [], [], [], []);
        var rows = Enumerable.Range(0, 3000).Select(i => new object?[] { (long)i, new string((char)('a' + i % 26), i % 7 == 0 ? 600_000 : i) }).ToArray();
        var (read, written, hashed) = RoundTrip(table, rows);
        Assert.Equal(rows.Length, read.Count);
        for (var i = 0; i < rows.Length; i++) Assert.Equal(rows[i], read[i]);
        Assert.Equal(written, hashed);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_line_is_a_corrupted_archive()
    {
        using var reader = ArchiveReader.Open(new MemoryStream([.. "[\"a"u8, 0xff, .. "\"]\n"u8]), compressed: false);
        var error = await Assert.ThrowsAsync<ArchiveCorruptedException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    private static Gen<long> Ticks(long from, long to) => Gen.OneOf(Gen.Long[from, to], Gen.Long[from, to].Select(t => t - t % TimeSpan.TicksPerSecond), Gen.OneOf(from, to));

    private static Gen<object?> Value(int kind) => Gen.Frequency((1, Gen.Const<object?>((object?)null)), (6, Kinds[kind].Values.Select(v => (object?)v)));

    private static Gen<object?[]> Row(int[] kinds) =>
        kinds.Aggregate(Gen.Const(() => Array.Empty<object?>()), (row, kind) => row.SelectMany(values => Value(kind).Select(v => (object?[])[.. values, v])));

    private static ArchiveTable Table(int[] kinds) =>
        new("t", [.. kinds.Select((k, i) => new ArchiveColumn($"c{i}", Kinds[k].Type, true))], [], [], [], []);

    /// <summary>One row as the dump writes it, without its line break.</summary>
    private static byte[] WrittenLine(ArchiveTable table, object?[] row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            for (var i = 0; i < row.Length; i++) PortableValues.Write(json, table.Columns[i].Type, row[i]);
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the rows as a dump does (through <see cref="ArchiveWriter"/>, hashing each line), reads them back as a restore does.</summary>
    private static (List<object?[]> Read, string Written, string Hashed) RoundTrip(ArchiveTable table, object?[][] rows)
    {
        var stream = new MemoryStream();
        using var writeHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var writer = new ArchiveWriter(stream, compress: true);
        foreach (var row in rows)
        {
            writer.WriteLine(w =>
            {
                w.WriteStartArray();
                for (var i = 0; i < row.Length; i++) PortableValues.Write(w, table.Columns[i].Type, row[i]);
                w.WriteEndArray();
            }, writeHash);
            writer.FlushAsync(force: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        writer.FlushAsync(force: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

        stream.Position = 0;
        using var readHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var reader = ArchiveReader.Open(stream);
        var hasher = new LineHasher(readHash);
        var read = new List<object?[]>();
        while (reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } line)
        {
            Assert.True(ArchiveReader.IsRow(line.Span));
            hasher.Append(line.Span);
            read.Add(ArchiveRowParser.Parse(line.Span, table, reader.Line));
        }
        hasher.Flush();
        return (read, Convert.ToHexString(writeHash.GetHashAndReset()), Convert.ToHexString(readHash.GetHashAndReset()));
    }

    private static void AssertSame(ColumnType type, object? expected, object? actual)
    {
        switch (expected)
        {
            case null:
                Assert.Null(actual);
                break;
            case DateTimeOffset instant:
                var read = Assert.IsType<DateTimeOffset>(actual);
                Assert.Equal(instant.UtcTicks, read.UtcTicks);
                Assert.Equal(TimeSpan.Zero, read.Offset);
                break;
            case DateTime local:
                var back = Assert.IsType<DateTime>(actual);
                Assert.Equal(local.Ticks, back.Ticks);
                Assert.Equal(DateTimeKind.Unspecified, back.Kind);
                break;
            case string json when type.Kind == ColumnKind.Json:
                Assert.Equal(json, Assert.IsType<JsonElement>(actual).GetRawText());
                break;
            case float f:
                // Equals takes NaN as NaN and -0 as 0, which is all a database keeps of them.
                Assert.True(f.Equals(Assert.IsType<float>(actual)), $"{f} came back as {actual}");
                break;
            case double d:
                Assert.True(d.Equals(Assert.IsType<double>(actual)), $"{d} came back as {actual}");
                break;
            default:
                Assert.Equal(expected, actual);
                Assert.Equal(expected.GetType(), actual!.GetType());
                break;
        }
    }
}
