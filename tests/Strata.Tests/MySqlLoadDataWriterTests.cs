using System.Text;
using CsCheck;
using MySqlConnector;
using Strata.MySql;

namespace Strata.Tests;

/// <summary>
/// The LOAD DATA file encoder alone: every value read back by a reader that follows the server's rules for the clauses
/// Strata sets (tab between fields, newline after rows, backslash escapes, <c>\N</c> for NULL), and each type in the text a
/// parameter of that type gets.
/// </summary>
public class MySqlLoadDataWriterTests
{
    private static readonly MariaDbDialect Dialect = new();

    /// <summary>One row of <paramref name="columns"/> columns, written by <paramref name="write"/>, as the file's text.</summary>
    private static byte[] Row(int columns, Action<MySqlLoadDataWriter> write, MySqlDialect? dialect = null)
    {
        using var writer = new MySqlLoadDataWriter(dialect ?? Dialect, [.. Enumerable.Range(1, columns).Select(i => $"c{i}")]);
        writer.StartRow(1);
        write(writer);
        writer.EndRow();
        return writer.Buffered.ToArray();
    }

    private static string Text(int columns, Action<MySqlLoadDataWriter> write, MySqlDialect? dialect = null) => Encoding.UTF8.GetString(Row(columns, write, dialect));

    /// <summary>
    /// The file read as the server reads it with <c>FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'</c>: a
    /// backslash takes the next byte as it is, except <c>0 b n r t Z</c>, which stand for control characters, and a field that is
    /// exactly <c>\N</c> is NULL.
    /// </summary>
    private static List<List<byte[]?>> Read(ReadOnlySpan<byte> file)
    {
        var rows = new List<List<byte[]?>>();
        var fields = new List<byte[]?>();
        var field = new List<byte>();
        var isNull = false;
        for (var i = 0; i < file.Length; i++)
        {
            var b = file[i];
            switch (b)
            {
                case (byte)'\\':
                    var next = file[++i];
                    if (next == 'N' && field.Count == 0 && (i + 1 == file.Length || file[i + 1] is (byte)'\t' or (byte)'\n')) isNull = true;
                    else field.Add(next switch { (byte)'0' => 0, (byte)'b' => 8, (byte)'n' => 10, (byte)'r' => 13, (byte)'t' => 9, (byte)'Z' => 26, _ => next });
                    break;
                case (byte)'\t' or (byte)'\n':
                    fields.Add(isNull ? null : [.. field]);
                    field.Clear();
                    isNull = false;
                    if (b == '\n')
                    {
                        rows.Add(fields);
                        fields = [];
                    }
                    break;
                default:
                    field.Add(b);
                    break;
            }
        }
        Assert.Empty(fields);
        Assert.Empty(field);
        return rows;
    }

    /// <summary>Valid Unicode text, heavy in what the file format treats specially (and in text that looks like its escapes).</summary>
    private static readonly Gen<string> AnyText = Gen.OneOf(
            Gen.OneOf("\\", "\t", "\n", "\r", "\0", "\\N", "N", "NULL", "\\t", "\u001A", "'", "\"", " ", "é", "世", "🌍", "\uFFFD", "\u2028"),
            Gen.Char['\0', '\u007F'].Select(c => c.ToString()),
            Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32))
        .Array[0, 30].Select(pieces => string.Concat(pieces));

    [Fact]
    public void Special_characters_are_escaped_and_nothing_else_is()
    {
        Assert.Equal("a\\tb\\nc\\rd\\0e\\\\f\u001Ag\n", Text(1, w => w.WriteString("a\tb\nc\rd\0e\\f\u001Ag")));
        Assert.Equal("\\\\N\t\\N\tNULL\t\n", Text(4, w => { w.WriteString("\\N"); w.WriteNull(); w.WriteString("NULL"); w.WriteString(""); }));
        Assert.Equal("Grüße 🌍\n", Text(1, w => w.WriteString(Encoding.UTF8.GetBytes("Grüße 🌍"))));
    }

    [Fact]
    public void Any_text_reads_back_as_written_property()
    {
        Gen.Select(AnyText, AnyText).Sample((first, second) =>
        {
            var file = Row(4, w => { w.WriteString(first); w.WriteNull(); w.WriteString(Encoding.UTF8.GetBytes(second)); w.WriteText(second); });
            var row = Assert.Single(Read(file));
            Assert.Equal(first, Encoding.UTF8.GetString(row[0]!));
            Assert.Null(row[1]);
            Assert.Equal(second, Encoding.UTF8.GetString(row[2]!));
            Assert.Equal(second, Encoding.UTF8.GetString(row[3]!));
        }, iter: 5_000);
    }

    [Fact]
    public void Every_byte_value_reads_back_as_written()
    {
        byte[] all = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        var single = Read(Row(256, w => { foreach (var b in all) w.WriteBytes([b]); }));
        Assert.Equal(all.Select(b => new[] { b }), Assert.Single(single).Select(f => f!));
        Gen.Byte.Array[0, 300].Array[1, 4].Sample(values =>
        {
            var row = Assert.Single(Read(Row(values.Length, w => { foreach (var v in values) w.WriteBytes(v); })));
            Assert.Equal(values, row.Select(f => f!));
        }, iter: 2_000);
    }

    [Fact]
    public void Numbers_are_written_in_invariant_round_trip_text()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("1\t0\t-32768\t2147483647\t-9223372036854775808\t18446744073709551615\n", Text(6, w =>
            {
                w.WriteBoolean(true);
                w.WriteBoolean(false);
                w.WriteInt16(short.MinValue);
                w.WriteInt32(int.MaxValue);
                w.WriteInt64(long.MinValue);
                w.WriteUInt64(ulong.MaxValue);
            }));
            Assert.Equal("1.10\t-79228162514264337593543950335\t0.0000000000000000000000000001\n",
                Text(3, w => { w.WriteDecimal(1.10m); w.WriteDecimal(decimal.MinValue); w.WriteDecimal(1e-28m); }));
            Assert.Equal("1E+20\t0.1\t-1.5E-300\t3.14159\t-0\n",
                Text(5, w => { w.WriteDouble(1e20); w.WriteDouble(0.1); w.WriteDouble(-1.5e-300); w.WriteSingle(3.14159f); w.WriteDouble(-0.0); }));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
        Gen.Double.Where(double.IsFinite).Sample(d => Assert.Equal(d, double.Parse(Text(1, w => w.WriteDouble(d)).TrimEnd('\n'), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Dates_and_times_are_written_to_the_microsecond_as_parameters_are()
    {
        var instant = new DateTime(2024, 2, 29, 13, 45, 30, DateTimeKind.Unspecified).AddTicks(1_234_567);
        Assert.Equal("2024-02-29 13:45:30.123456\t0001-01-01 00:00:00.000000\t9999-12-31 23:59:59.999999\n",
            Text(3, w => { w.WriteDateTime(instant); w.WriteDateTime(DateTime.MinValue); w.WriteDateTime(DateTime.MaxValue); }));
        Assert.Equal("2024-02-29 08:15:30.123456\n", Text(1, w => w.WriteDateTimeOffset(new DateTimeOffset(instant, TimeSpan.FromHours(5.5)))));
        var local = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Local);
        Assert.Equal(local.ToUniversalTime().ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'ffffff", System.Globalization.CultureInfo.InvariantCulture) + "\n",
            Text(1, w => w.WriteDateTime(local)));
        Assert.Equal("0999-12-31\t23:59:58.250000\n", Text(2, w => { w.WriteDate(new DateOnly(999, 12, 31)); w.WriteTime(new TimeOnly(23, 59, 58, 250)); }));
        Assert.Equal("26:03:04.500000\t-0:00:01.500000\t-256204778:48:05.477580\n", Text(3, w =>
        {
            w.WriteTimeSpan(new TimeSpan(1, 2, 3, 4, 500));
            w.WriteTimeSpan(TimeSpan.FromMilliseconds(-1500));
            w.WriteTimeSpan(TimeSpan.MinValue);
        }));
    }

    [Fact]
    public void Guids_follow_the_connections_guid_format()
    {
        var guid = new Guid("00112233-4455-6677-8899-aabbccddeeff");
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff\n", Text(1, w => w.WriteGuid(guid)));
        Assert.Equal("00112233445566778899aabbccddeeff\n", Text(1, w => w.WriteGuid(guid), new MySqlDialect { GuidFormat = MySqlGuidFormat.Char32 }));
        Assert.Equal("00112233445566778899AABBCCDDEEFF", Bytes(MySqlGuidFormat.Binary16));
        Assert.Equal("33221100554477668899AABBCCDDEEFF", Bytes(MySqlGuidFormat.LittleEndianBinary16));
        Assert.Equal("66774455001122338899AABBCCDDEEFF", Bytes(MySqlGuidFormat.TimeSwapBinary16));

        string Bytes(MySqlGuidFormat format) =>
            Convert.ToHexString(Assert.Single(Assert.Single(Read(Row(1, w => w.WriteGuid(guid), new MySqlDialect { GuidFormat = format }))))!);
    }

    [Fact]
    public void A_value_the_server_cannot_store_is_refused_naming_its_column_and_row()
    {
        using var writer = new MySqlLoadDataWriter(Dialect, ["id", "ratio", "name"]);
        writer.StartRow(7);
        writer.WriteInt32(7);

        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteDouble(double.NaN));

        Assert.StartsWith("The value for column 'ratio' in row 7 is NaN (a double), which MariaDB cannot store", nan.Message, StringComparison.Ordinal);
        var surrogate = Assert.Throws<ArgumentException>(() => Row(2, w => { w.WriteInt32(1); w.WriteString("ok \uD83C then"); }));
        Assert.StartsWith("The value for column 'c2' in row 1 is a string with an unpaired UTF-16 surrogate", surrogate.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Row(1, w => w.WriteString([0x61, 0xC3])));
        Assert.Throws<ArgumentException>(() => Row(1, w => w.WriteJson([0xFF])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Row(1, w => w.WriteSingle(float.NegativeInfinity)));
        var unsupported = Assert.Throws<NotSupportedException>(() => Row(1, w => MySqlBoxedRows.Write(w, new Uri("https://example.com/secret"))));
        Assert.Contains("column 'c1' in row 1 is a Uri", unsupported.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_must_write_one_value_per_column()
    {
        var few = Assert.Throws<ArgumentException>(() => Row(2, w => w.WriteInt32(1)));
        var many = Assert.Throws<ArgumentException>(() => Row(1, w => { w.WriteInt32(1); w.WriteInt32(2); }));

        Assert.StartsWith("Row 1 wrote 1 values but 2 columns were given", few.Message, StringComparison.Ordinal);
        Assert.StartsWith("Row 1 wrote more than the 1 values", many.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boxed_values_are_written_as_their_typed_equivalents()
    {
        var boxed = Text(9, w =>
        {
            foreach (var value in new object?[] { null, 'x', (byte)200, (sbyte)-5, (ushort)65535, 4_000_000_000u, new Dialects.JsonText("{\"a\":1}"), new ReadOnlyMemory<byte>([9]), System.Numerics.BigInteger.Parse("123456789012345678901234567890") })
                MySqlBoxedRows.Write(w, value);
        });
        Assert.Equal("\\N\tx\t200\t-5\t65535\t4000000000\t{\"a\":1}\t\\t\t123456789012345678901234567890\n", boxed);
    }

    [Fact]
    public void Taking_bytes_keeps_the_rest_in_order_and_long_values_grow_the_buffer()
    {
        var big = new string('x', 200_000) + "\t" + new string('é', 100_000);
        using var writer = new MySqlLoadDataWriter(Dialect, ["a"]);
        writer.StartRow(1);
        writer.WriteString(big);
        writer.EndRow();
        var whole = writer.Buffered.ToArray();
        writer.Take(150_000);

        Assert.Equal(whole[150_000..], writer.Buffered.ToArray());
        Assert.Equal(big, Encoding.UTF8.GetString(Assert.Single(Assert.Single(Read(whole)))!));
    }
}
