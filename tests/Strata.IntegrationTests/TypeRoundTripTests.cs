using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// Every supported .NET type written through Strata parameters and read back through Strata mapping,
/// on every database. Values are ones each database stores exactly: whole milliseconds for times, decimals of at most 15
/// significant digits (SQLite's limit), <see cref="DateTimeKind.Unspecified"/> date-times (read back as UTC), and offsets
/// compared as instants. <see cref="TypeMapping.TypeMatrixTests"/> covers every path and the values a database refuses.
/// </summary>
public class TypeRoundTripTests
{
    private static readonly (string Name, Func<Db, string> Type)[] Columns =
    [
        ("row_no", Types.Int),
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

    private static readonly AllTypes High = new()
    {
        RowNo = 1,
        IntValue = int.MaxValue,
        LongValue = long.MinValue,
        ShortValue = short.MaxValue,
        ByteValue = byte.MaxValue,
        BoolValue = true,
        DecimalValue = -12345678901.2345m,
        DoubleValue = Math.PI,
        FloatValue = 3.14159f,
        StringValue = "Grüße, 世界 🌍 'single' \"double\" \\ back\nline",
        GuidValue = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        DateTimeValue = new DateTime(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Unspecified),
        DateTimeOffsetValue = new DateTimeOffset(2024, 2, 29, 23, 45, 30, 456, TimeSpan.FromHours(5.5)),
        DateOnlyValue = new DateOnly(1999, 12, 31),
        TimeOnlyValue = new TimeOnly(23, 59, 58, 250),
        TimeSpanValue = new TimeSpan(1, 2, 3, 4, 500),
        BytesValue = [0, 1, 2, 127, 128, 254, 255],
        EnumValue = Shade.Light,
    };

    private static readonly AllTypes Low = new()
    {
        RowNo = 2,
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

    [Theory, AllDatabases]
    public async Task Every_type_round_trips(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, nullable: false);
        try
        {
            Assert.Equal(1, await InsertAsync(database, table, High));
            Assert.Equal(1, await InsertAsync(database, table, Low));

            var rows = await database.QueryAsync<AllTypes>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no");

            Assert.Equal(2, rows.Count);
            AssertSame(db, High, rows[0]);
            AssertSame(db, Low, rows[1]);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Every_nullable_type_round_trips_values_and_nulls(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, nullable: true);
        try
        {
            var values = NullableTypes.From(High);
            var nulls = new NullableTypes { RowNo = 2 };
            Assert.Equal(1, await InsertAsync(database, table, values));
            Assert.Equal(1, await InsertAsync(database, table, nulls));

            var valuesFirst = await database.QueryAsync<NullableTypes>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no");
            // Built from a row of NULLs first, the mapper must still read the values that follow.
            var nullsFirst = await database.QueryAsync<NullableTypes>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY row_no DESC");

            AssertSame(db, values, valuesFirst[0]);
            AssertSame(db, nulls, valuesFirst[1]);
            AssertSame(db, nulls, nullsFirst[0]);
            AssertSame(db, values, nullsFirst[1]);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Single_columns_round_trip_as_scalars(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, nullable: false);
        var t = Sql.Identifier(table);
        try
        {
            await InsertAsync(database, table, High);

            Assert.Equal(High.IntValue, await database.ScalarAsync<int>($"SELECT int_value FROM {t}"));
            Assert.Equal(High.LongValue, await database.ScalarAsync<long>($"SELECT long_value FROM {t}"));
            Assert.Equal(High.ByteValue, await database.ScalarAsync<byte>($"SELECT byte_value FROM {t}"));
            Assert.Equal(High.BoolValue, await database.ScalarAsync<bool>($"SELECT bool_value FROM {t}"));
            Assert.Equal(High.DecimalValue, await database.ScalarAsync<decimal>($"SELECT decimal_value FROM {t}"));
            Assert.Equal(High.GuidValue, await database.ScalarAsync<Guid>($"SELECT guid_value FROM {t}"));
            Assert.Equal(High.DateTimeValue, await database.ScalarAsync<DateTime>($"SELECT date_time_value FROM {t}"));
            Assert.Equal(High.DateTimeOffsetValue.UtcDateTime, (await database.ScalarAsync<DateTimeOffset>($"SELECT date_time_offset_value FROM {t}")).UtcDateTime);
            Assert.Equal(High.DateOnlyValue, await database.ScalarAsync<DateOnly>($"SELECT date_only_value FROM {t}"));
            Assert.Equal(High.TimeOnlyValue, await database.ScalarAsync<TimeOnly>($"SELECT time_only_value FROM {t}"));
            Assert.Equal(High.TimeSpanValue, await database.ScalarAsync<TimeSpan>($"SELECT time_span_value FROM {t}"));
            Assert.Equal(High.BytesValue, await database.ScalarAsync<byte[]>($"SELECT bytes_value FROM {t}"));
            Assert.Equal(High.EnumValue, await database.ScalarAsync<Shade>($"SELECT enum_value FROM {t}"));
            Assert.Equal([High.TimeOnlyValue], await database.QueryAsync<TimeOnly>($"SELECT time_only_value FROM {t}"));
            Assert.Equal([High.DateOnlyValue], await database.QueryAsync<DateOnly?>($"SELECT date_only_value FROM {t}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Parameters_match_stored_values_in_where_clauses(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, nullable: false);
        var t = Sql.Identifier(table);
        try
        {
            await InsertAsync(database, table, High);
            await InsertAsync(database, table, Low);

            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE guid_value = {High.GuidValue}"));
            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE date_time_value = {High.DateTimeValue}"));
            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE date_only_value = {High.DateOnlyValue}"));
            Assert.Equal(2, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE long_value = {Low.LongValue}"));
            Assert.Equal(2, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE enum_value = {Shade.Dark}"));
            Assert.Equal(1, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE string_value = {High.StringValue}"));
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task The_database_sees_the_values_that_were_written(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = await CreateAsync(database, db, nullable: false);
        var t = Sql.Identifier(table);
        var asText = Sql.Raw(db switch { Db.Postgres => "text", Db.MariaDb => "CHAR", _ => "TEXT" });
        try
        {
            await InsertAsync(database, table, High);

            var dateTime = await database.ScalarAsync<string>($"SELECT CAST(date_time_value AS {asText}) FROM {t}");
            // SQLite holds a fractional decimal as a REAL, whose own text is a double's 17 digits: compare it as a number.
            var decimalText = db == Db.Sqlite
                ? await database.ScalarAsync<string>($"SELECT typeof(decimal_value) || ' ' || (decimal_value = -12345678901.2345) FROM {t}")
                : await database.ScalarAsync<string>($"SELECT CAST(decimal_value AS {asText}) FROM {t}");
            var date = await database.ScalarAsync<string>($"SELECT CAST(date_only_value AS {asText}) FROM {t}");
            var time = await database.ScalarAsync<string>($"SELECT CAST(time_only_value AS {asText}) FROM {t}");
            var truth = await database.ScalarAsync<int>($"SELECT CASE WHEN bool_value THEN 1 ELSE 0 END FROM {t}");
            var length = await database.ScalarAsync<int>($"SELECT {Sql.Raw(db == Db.Postgres ? "octet_length" : "length")}(bytes_value) FROM {t}");
            var guid = await database.ScalarAsync<string>($"SELECT CAST(guid_value AS {asText}) FROM {t}");
            var instant = await database.ScalarAsync<string>(db switch
            {
                Db.Postgres => $"SELECT CAST(date_time_offset_value AT TIME ZONE 'UTC' AS text) FROM {t}",
                _ => $"SELECT CAST(date_time_offset_value AS {asText}) FROM {t}",
            });

            Assert.StartsWith("2024-02-29 13:45:30.123", dateTime);
            Assert.Equal(db == Db.Sqlite ? "real 1" : "-12345678901.2345", decimalText);
            Assert.Equal("1999-12-31", date);
            Assert.StartsWith("23:59:58.25", time);
            Assert.Equal(1, truth);
            Assert.Equal(High.BytesValue.Length, length);
            // Microsoft.Data.Sqlite writes a Guid as upper-case text, the servers' text forms are lower case.
            Assert.Equal(High.GuidValue.ToString(), guid, ignoreCase: true);
            // Every database stores the instant in UTC; SQLite as text with its zero offset, so text order is time order.
            if (db == Db.Sqlite) Assert.Equal("2024-02-29 18:15:30.456+00:00", instant);
            else Assert.StartsWith("2024-02-29 18:15:30.456", instant);
        }
        finally
        {
            await DropAsync(database, table);
        }
    }

    [Theory, AllDatabases]
    public async Task Enums_round_trip_as_integers_and_as_text(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db, o => o.EnumStorage = EnumStorage.Name);
        var table = TestDatabase.Table("types_enum");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync(
            $"CREATE TABLE {t} (row_no {Sql.Raw(Types.Int(db))} NOT NULL, as_number {Sql.Raw(Types.Int(db))} NOT NULL, as_text {Sql.Raw(Types.Text(db))} NOT NULL, maybe_number {Sql.Raw(Types.Int(db))}, maybe_text {Sql.Raw(Types.Text(db))})");
        try
        {
            // With EnumStorage.Name an enum parameter is its name; the integer column gets the number explicitly.
            foreach (var (row, shade, maybe) in new (int, Shade, Shade?)[] { (1, Shade.Dark, Shade.Light), (2, Shade.None, null), (3, Shade.Light, Shade.Dark) })
            {
                await database.ExecuteAsync(
                    $"INSERT INTO {t} (row_no, as_number, as_text, maybe_number, maybe_text) VALUES ({row}, {(int)shade}, {shade}, {(int?)maybe}, {maybe})");
            }

            var rows = await database.QueryAsync<EnumRow>($"SELECT as_number, as_text, maybe_number, maybe_text FROM {t} ORDER BY row_no");
            var stored = await database.QueryAsync<string>($"SELECT as_text FROM {t} ORDER BY row_no");

            Assert.Equal([Shade.Dark, Shade.None, Shade.Light], rows.Select(r => r.AsNumber));
            Assert.Equal([Shade.Dark, Shade.None, Shade.Light], rows.Select(r => r.AsText));
            Assert.Equal([Shade.Light, null, Shade.Dark], rows.Select(r => r.MaybeNumber));
            Assert.Equal([Shade.Light, null, Shade.Dark], rows.Select(r => r.MaybeText));
            Assert.Equal(["Dark", "None", "Light"], stored);
            Assert.Equal(3, await database.ScalarAsync<int>($"SELECT row_no FROM {t} WHERE as_text = {Shade.Light}"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    private static async Task<string> CreateAsync(Database database, Db db, bool nullable)
    {
        var table = TestDatabase.Table(nullable ? "types_null" : "types");
        var definitions = Columns.Select(c =>
            Sql.Identifier(c.Name) + Sql.Raw(" " + c.Type(db) + (nullable && c.Name != "row_no" ? " NULL" : " NOT NULL")));
        await database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} ({Sql.Join(Sql.Raw(", "), definitions)})");
        return table;
    }

    private static Sql ColumnList => Sql.Join(Sql.Raw(", "), Columns.Select(c => Sql.Identifier(c.Name)));

    private static Task<ExecuteResult> InsertAsync(Database session, string table, AllTypes v) => session.ExecuteAsync(
        $"""
        INSERT INTO {Sql.Identifier(table)} ({ColumnList}) VALUES (
            {v.RowNo}, {v.IntValue}, {v.LongValue}, {v.ShortValue}, {v.ByteValue}, {v.BoolValue}, {v.DecimalValue}, {v.DoubleValue},
            {v.FloatValue}, {v.StringValue}, {v.GuidValue}, {v.DateTimeValue}, {v.DateTimeOffsetValue}, {v.DateOnlyValue},
            {v.TimeOnlyValue}, {v.TimeSpanValue}, {v.BytesValue}, {v.EnumValue})
        """);

    private static Task<ExecuteResult> InsertAsync(Database session, string table, NullableTypes v) => session.ExecuteAsync(
        $"""
        INSERT INTO {Sql.Identifier(table)} ({ColumnList}) VALUES (
            {v.RowNo}, {v.IntValue}, {v.LongValue}, {v.ShortValue}, {v.ByteValue}, {v.BoolValue}, {v.DecimalValue}, {v.DoubleValue},
            {v.FloatValue}, {v.StringValue}, {v.GuidValue}, {v.DateTimeValue}, {v.DateTimeOffsetValue}, {v.DateOnlyValue},
            {v.TimeOnlyValue}, {v.TimeSpanValue}, {v.BytesValue}, {v.EnumValue})
        """);

    private static Task<ExecuteResult> DropAsync(Database database, string table) => database.ExecuteAsync($"DROP TABLE {Sql.Identifier(table)}");

    private static void AssertSame(Db db, AllTypes expected, AllTypes actual)
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
        Assert.Equal(DateTimeKind.Utc, actual.DateTimeValue.Kind);
        Assert.Equal(expected.DateTimeOffsetValue.UtcDateTime, actual.DateTimeOffsetValue.UtcDateTime);
        Assert.Equal(expected.DateOnlyValue, actual.DateOnlyValue);
        Assert.Equal(expected.TimeOnlyValue, actual.TimeOnlyValue);
        Assert.Equal(expected.TimeSpanValue, actual.TimeSpanValue);
        Assert.Equal(expected.BytesValue, actual.BytesValue);
        Assert.Equal(expected.EnumValue, actual.EnumValue);
    }

    private static void AssertSame(Db db, NullableTypes expected, NullableTypes actual)
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

    public sealed class AllTypes
    {
        public int RowNo { get; set; }
        public int IntValue { get; set; }
        public long LongValue { get; set; }
        public short ShortValue { get; set; }
        public byte ByteValue { get; set; }
        public bool BoolValue { get; set; }
        public decimal DecimalValue { get; set; }
        public double DoubleValue { get; set; }
        public float FloatValue { get; set; }
        public string StringValue { get; set; } = "";
        public Guid GuidValue { get; set; }
        public DateTime DateTimeValue { get; set; }
        public DateTimeOffset DateTimeOffsetValue { get; set; }
        public DateOnly DateOnlyValue { get; set; }
        public TimeOnly TimeOnlyValue { get; set; }
        public TimeSpan TimeSpanValue { get; set; }
        public byte[] BytesValue { get; set; } = [];
        public Shade EnumValue { get; set; }
    }

    public sealed class NullableTypes
    {
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

        public static NullableTypes From(AllTypes v) => new()
        {
            RowNo = v.RowNo,
            IntValue = v.IntValue,
            LongValue = v.LongValue,
            ShortValue = v.ShortValue,
            ByteValue = v.ByteValue,
            BoolValue = v.BoolValue,
            DecimalValue = v.DecimalValue,
            DoubleValue = v.DoubleValue,
            FloatValue = v.FloatValue,
            StringValue = v.StringValue,
            GuidValue = v.GuidValue,
            DateTimeValue = v.DateTimeValue,
            DateTimeOffsetValue = v.DateTimeOffsetValue,
            DateOnlyValue = v.DateOnlyValue,
            TimeOnlyValue = v.TimeOnlyValue,
            TimeSpanValue = v.TimeSpanValue,
            BytesValue = v.BytesValue,
            EnumValue = v.EnumValue,
        };
    }

    public sealed class EnumRow
    {
        public Shade AsNumber { get; set; }
        public Shade AsText { get; set; }
        public Shade? MaybeNumber { get; set; }
        public Shade? MaybeText { get; set; }
    }
}
