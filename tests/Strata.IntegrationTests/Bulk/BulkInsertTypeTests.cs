using System.Text.Json;
using Strata.Bulk;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Bulk;

/// <summary>
/// Bulk-inserted values read back as they were written, for every common .NET type and for nulls, on every database
/// and on both of MariaDB's paths. Values are ones each database stores exactly, as in <see cref="TypeRoundTripTests"/>.
/// </summary>
public class BulkInsertTypeTests
{
    private static readonly (string Name, Func<Db, string> Type)[] Columns =
    [
        ("int_value", Types.Int),
        ("long_value", Types.BigInt),
        ("short_value", Types.SmallInt),
        ("byte_value", Types.TinyInt),
        ("bool_value", Types.Bool),
        ("decimal_value", Types.Decimal),
        ("double_value", Types.Double),
        ("float_value", Types.Float),
        ("string_value", Types.Text),
        ("guid_value", Types.Guid),
        ("date_time_value", Types.DateTime),
        ("date_time_offset_value", Types.DateTimeOffset),
        ("date_only_value", Types.Date),
        ("time_only_value", Types.Time),
        ("time_span_value", Types.Interval),
        ("bytes_value", Types.Bytes),
        ("enum_value", Types.Int),
    ];

    private static readonly Sample High = new()
    {
        IntValue = int.MaxValue,
        LongValue = long.MinValue,
        ShortValue = short.MaxValue,
        ByteValue = byte.MaxValue,
        BoolValue = true,
        DecimalValue = -12345678901.2345m,
        DoubleValue = Math.PI,
        FloatValue = 3.14159f,
        StringValue = "Grüße, 世界 🌍 'single' \"double\" \\ back\nline\ttab",
        GuidValue = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        DateTimeValue = new DateTime(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Unspecified),
        DateTimeOffsetValue = new DateTimeOffset(2024, 2, 29, 23, 45, 30, 456, TimeSpan.FromHours(5.5)),
        DateOnlyValue = new DateOnly(1999, 12, 31),
        TimeOnlyValue = new TimeOnly(23, 59, 58, 250),
        TimeSpanValue = new TimeSpan(1, 2, 3, 4, 500),
        BytesValue = [0, 1, 2, 9, 10, 92, 127, 128, 254, 255],
        EnumValue = Shade.Light,
    };

    private static readonly Sample Low = new()
    {
        IntValue = int.MinValue,
        LongValue = long.MaxValue,
        ShortValue = short.MinValue,
        ByteValue = 0,
        BoolValue = false,
        DecimalValue = 0.0001m,
        DoubleValue = -1.5e-300,
        FloatValue = -0.0078125f,
        StringValue = "",
        GuidValue = Guid.Empty,
        DateTimeValue = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
        DateTimeOffsetValue = new DateTimeOffset(2000, 1, 1, 0, 0, 0, 1, TimeSpan.FromHours(-8)),
        DateOnlyValue = new DateOnly(2000, 2, 29),
        TimeOnlyValue = TimeOnly.MinValue,
        TimeSpanValue = TimeSpan.FromMilliseconds(-1500),
        BytesValue = [],
        EnumValue = Shade.Dark,
    };

    /// <summary>Three kinds of row in turn, more than one batch of them, so that batches are re-bound and nulls follow values.</summary>
    private static Sample Expected(int rowNo) => (rowNo % 3) switch
    {
        0 => High.With(rowNo),
        1 => Low.With(rowNo),
        _ => new Sample { RowNo = rowNo },
    };

    [Theory, BulkTargets]
    public async Task Every_common_type_and_null_round_trips(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope, db);
        var rows = Enumerable.Range(1, 1_205).Select(Expected).ToList();

        var written = await scope.Db.BulkInsertAsync(table, rows, new BulkInsertOptions { BatchSize = 500 });

        Assert.Equal(rows.Count, written);
        var back = await scope.Db.QueryAsync<Sample>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no");
        Assert.Equal(rows.Count, back.Count);
        for (var i = 0; i < rows.Count; i++) AssertSame(db, rows[i], back[i]);
        Assert.Equal(rows.Count, back.Select(r => r.Id).Distinct().Count());
    }

    [Theory, BulkTargets]
    public async Task Untyped_rows_round_trip_the_same_values(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope, db);
        var samples = Enumerable.Range(1, 30).Select(Expected).ToList();
        var columns = new[] { "row_no" }.Concat(Columns.Select(c => c.Name)).ToArray();

        var written = await scope.Db.BulkInsertAsync(table, columns, samples.Select(ValuesOf));

        Assert.Equal(samples.Count, written);
        var back = await scope.Db.QueryAsync<Sample>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no");
        for (var i = 0; i < samples.Count; i++) AssertSame(db, samples[i], back[i]);
    }

    [Theory, BulkTargets]
    public async Task Typed_rows_round_trip_the_same_values(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope, db);
        // Every column but the interval, which has no typed write; it stays null.
        var samples = Enumerable.Range(1, 1_205).Select(Expected).ToList();
        var columns = new[] { "row_no" }.Concat(Columns.Select(c => c.Name).Where(c => c != "time_span_value")).ToArray();

        var written = await scope.Db.BulkInsertAsync(table, columns, new SampleSource(samples));

        Assert.Equal(samples.Count, written);
        var back = await scope.Db.QueryAsync<Sample>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no");
        Assert.Equal(samples.Count, back.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var expected = samples[i].With(samples[i].RowNo);
            expected.TimeSpanValue = null;
            AssertSame(db, expected, back[i]);
        }
    }

    /// <summary>Samples written value by value through the typed methods, as a generated writer would.</summary>
    private sealed class SampleSource(IReadOnlyList<Sample> samples) : BulkRowSource
    {
        private int _next;

        public override bool WriteRow(IBulkValueWriter writer)
        {
            if (_next == samples.Count) return false;
            var s = samples[_next++];
            writer.WriteInt32(s.RowNo);
            Write(writer, s.IntValue, (w, v) => w.WriteInt32(v));
            Write(writer, s.LongValue, (w, v) => w.WriteInt64(v));
            Write(writer, s.ShortValue, (w, v) => w.WriteInt16(v));
            Write(writer, s.ByteValue, (w, v) => w.WriteInt16(v));
            Write(writer, s.BoolValue, (w, v) => w.WriteBoolean(v));
            Write(writer, s.DecimalValue, (w, v) => w.WriteDecimal(v));
            Write(writer, s.DoubleValue, (w, v) => w.WriteDouble(v));
            Write(writer, s.FloatValue, (w, v) => w.WriteSingle(v));
            if (s.StringValue is null) writer.WriteNull();
            else if (s.RowNo % 2 == 0) writer.WriteString(s.StringValue);
            else writer.WriteString(System.Text.Encoding.UTF8.GetBytes(s.StringValue));
            Write(writer, s.GuidValue, (w, v) => w.WriteGuid(v));
            Write(writer, s.DateTimeValue, (w, v) => w.WriteDateTime(v));
            Write(writer, s.DateTimeOffsetValue, (w, v) => w.WriteDateTimeOffset(v));
            Write(writer, s.DateOnlyValue, (w, v) => w.WriteDate(v));
            Write(writer, s.TimeOnlyValue, (w, v) => w.WriteTime(v));
            if (s.BytesValue is null) writer.WriteNull();
            else writer.WriteBytes(s.BytesValue);
            Write(writer, s.EnumValue, (w, v) => w.WriteInt32((int)v));
            return true;
        }

        private static void Write<T>(IBulkValueWriter writer, T? value, Action<IBulkValueWriter, T> write) where T : struct
        {
            if (value is { } v) write(writer, v);
            else writer.WriteNull();
        }
    }

    [Theory, BulkTargets]
    public async Task Enums_follow_the_enum_storage_and_json_documents_are_written_as_json(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy, o => o.EnumStorage = EnumStorage.Name);
        var table = scope.Table("bulk_norm");
        var json = db switch { Db.Postgres => "JSONB", Db.MariaDb => "JSON", _ => "TEXT" };
        await scope.Db.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(table)} (row_no {Sql.Raw(Types.Int(db))} NOT NULL, shade {Sql.Raw(Types.Text(db))}, doc {Sql.Raw(json)})");
        using var document = JsonDocument.Parse("""{"tags": ["a", "b"], "n": 1}""");

        await scope.Db.BulkInsertAsync(table, ["row_no", "shade", "doc"], new object?[][]
        {
            [1, Shade.Light, document],
            [2, null, document.RootElement.GetProperty("tags")],
            [3, Shade.Dark, null],
        });

        var back = await scope.Db.QueryAsync<(int RowNo, string? Shade, string? Doc)>($"SELECT row_no, shade, doc FROM {Sql.Identifier(table)} ORDER BY row_no");
        Assert.Equal(["Light", null, "Dark"], back.Select(r => r.Shade));
        Assert.Equal(1, JsonDocument.Parse(back[0].Doc!).RootElement.GetProperty("n").GetInt32());
        Assert.Equal(2, JsonDocument.Parse(back[1].Doc!).RootElement.GetArrayLength());
        Assert.Null(back[2].Doc);
    }

    private static async Task<string> CreateAsync(SchemaScope scope, Db db)
    {
        var table = scope.Table("bulk_types");
        var definitions = Columns.Select(c => Sql.Identifier(c.Name) + Sql.Raw(" " + c.Type(db) + " NULL"));
        await scope.Db.ExecuteAsync(
            $"CREATE TABLE {Sql.Identifier(table)} (id {Sql.Raw(Types.AutoId(db))}, row_no {Sql.Raw(Types.Int(db))} NOT NULL, {Sql.Join(Sql.Raw(", "), definitions)})");
        return table;
    }

    private static object?[] ValuesOf(Sample s) =>
    [
        s.RowNo, s.IntValue, s.LongValue, s.ShortValue, s.ByteValue, s.BoolValue, s.DecimalValue, s.DoubleValue, s.FloatValue, s.StringValue,
        s.GuidValue, s.DateTimeValue, s.DateTimeOffsetValue, s.DateOnlyValue, s.TimeOnlyValue, s.TimeSpanValue, s.BytesValue, s.EnumValue,
    ];

    private static void AssertSame(Db db, Sample expected, Sample actual)
    {
        Assert.Equal(expected.RowNo, actual.RowNo);
        Assert.Equal(expected.IntValue, actual.IntValue);
        Assert.Equal(expected.LongValue, actual.LongValue);
        Assert.Equal(expected.ShortValue, actual.ShortValue);
        Assert.Equal(expected.ByteValue, actual.ByteValue);
        Assert.Equal(expected.BoolValue, actual.BoolValue);
        Assert.Equal(expected.DecimalValue, actual.DecimalValue);
        Assert.Equal(expected.DoubleValue, actual.DoubleValue);
        Assert.Equal(expected.FloatValue, actual.FloatValue);
        Assert.Equal(expected.StringValue, actual.StringValue);
        Assert.Equal(expected.GuidValue, actual.GuidValue);
        Assert.Equal(expected.DateTimeValue, actual.DateTimeValue);
        Assert.Equal(expected.DateTimeOffsetValue?.UtcDateTime, actual.DateTimeOffsetValue?.UtcDateTime);
        Assert.Equal(expected.DateOnlyValue, actual.DateOnlyValue);
        Assert.Equal(expected.TimeOnlyValue, actual.TimeOnlyValue);
        Assert.Equal(expected.TimeSpanValue, actual.TimeSpanValue);
        Assert.Equal(expected.BytesValue, actual.BytesValue);
        Assert.Equal(expected.EnumValue, actual.EnumValue);
    }

    public enum Shade
    {
        Dark = -1,
        None = 0,
        Light = 7,
    }

    public sealed class Sample
    {
        public long Id { get; set; }
        public int RowNo { get; set; }
        public int? IntValue { get; set; }
        public long? LongValue { get; set; }
        public short? ShortValue { get; set; }
        public byte? ByteValue { get; set; }
        public bool? BoolValue { get; set; }
        public decimal? DecimalValue { get; set; }
        public double? DoubleValue { get; set; }
        public float? FloatValue { get; set; }
        public string? StringValue { get; set; }
        public Guid? GuidValue { get; set; }
        public DateTime? DateTimeValue { get; set; }
        public DateTimeOffset? DateTimeOffsetValue { get; set; }
        public DateOnly? DateOnlyValue { get; set; }
        public TimeOnly? TimeOnlyValue { get; set; }
        public TimeSpan? TimeSpanValue { get; set; }
        public byte[]? BytesValue { get; set; }
        public Shade? EnumValue { get; set; }

        public Sample With(int rowNo)
        {
            var copy = (Sample)MemberwiseClone();
            copy.RowNo = rowNo;
            return copy;
        }
    }
}
