using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>The rows of the type matrix: each .NET type issue 19 lists, its column on each database and two values.</summary>
public static class TypeCases
{
    public enum Shade
    {
        Dark = -1,
        None = 0,
        Light = 7,
    }

    private static readonly Guid First = new("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly Guid Second = new("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    /// <summary>One mebibyte of bytes, every value among them.</summary>
    private static readonly byte[] OneMegabyte = [.. Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 + i / 256))];

    private static readonly DateTime Moment = new(2024, 2, 29, 13, 45, 30, 123);

    private static Func<Db, string> Column(string sqlite, string postgres, string mariadb) =>
        db => db switch { Db.Sqlite => sqlite, Db.Postgres => postgres, _ => mariadb };

    private static readonly Func<Db, string> Timestamp = Column("DATETIME", "timestamp", "DATETIME(6)");
    private static readonly Func<Db, string> TimestampTz = Column("TIMESTAMPTZ", "timestamptz", "DATETIME(6)");
    private static readonly Func<Db, string> Double = Column("DOUBLE", "double precision", "DOUBLE");
    private static readonly Func<Db, string> Uuid = Column("UUID", "uuid", "CHAR(36)");

    private static JsonDocument Document => JsonDocument.Parse("""{"name": "Ada", "tags": ["x", "y"], "nested": {"n": 1.5, "none": null}}""");

    private static readonly Func<Db, string> Json = Column("TEXT", "jsonb", "JSON");

    /// <summary>
    /// Raw SQL that compares a JSON column with a JSON parameter: PostgreSQL's jsonb has <c>=</c> (a json column is cast to it),
    /// MariaDB compares documents with JSON_EQUALS, SQLite the minified text.
    /// </summary>
    private static Func<Db, (string Before, string After)> JsonEquals(bool cast) => db => db switch
    {
        Db.Postgres => (cast ? "v::jsonb = " : "v = ", ""),
        Db.MariaDb => ("JSON_EQUALS(v, ", ") = 1"),
        _ => ("json(v) = json(", ")"),
    };

    /// <summary>Every DateTime reads back as UTC: a local one converted when written, the others with their kind set.</summary>
    private static DateTime AsUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static DateTime? AsUtc(DateTime? value) => value is { } v ? AsUtc(v) : null;

    /// <summary>A decimal with the scale of its column, as the servers read it back.</summary>
    private static decimal WithScale(decimal value, int scale) => value + new decimal(0, 0, 0, false, (byte)scale);

    public static IReadOnlyList<TypeCase> All { get; } =
    [
        new TypeCase<int> { Name = "int", ColumnType = Column("INT", "integer", "INT"), A = 42, B = int.MinValue },
        new TypeCase<long> { Name = "long", ColumnType = Column("BIGINT", "bigint", "BIGINT"), A = long.MaxValue, B = long.MinValue },
        new TypeCase<string> { Name = "string", ColumnType = Column("TEXT", "text", "LONGTEXT"), A = "Grüße, 世界 🌍 'single' \"double\" \\ back\nline", B = "" },
        new TypeCase<bool> { Name = "bool", ColumnType = Column("BOOLEAN", "boolean", "TINYINT(1)"), A = true, B = false },
        new TypeCase<char> { Name = "char", ColumnType = Column("VARCHAR(1)", "varchar(1)", "VARCHAR(1)"), A = 'é', B = 'z' },
        new TypeCase<Guid> { Name = "Guid", ColumnType = Uuid, A = First, B = Guid.Empty },
        new TypeCase<DateOnly> { Name = "DateOnly", ColumnType = Column("DATE", "date", "DATE"), A = new DateOnly(1999, 12, 31), B = new DateOnly(2024, 2, 29) },
        new TypeCase<TimeOnly> { Name = "TimeOnly", ColumnType = Column("TIME", "time", "TIME(6)"), A = new TimeOnly(23, 59, 58, 250), B = TimeOnly.MinValue },
        new TypeCase<TimeSpan> { Name = "TimeSpan", ColumnType = Column("TEXT", "interval", "TIME(6)"), A = new TimeSpan(1, 2, 3, 4, 500), B = TimeSpan.FromMilliseconds(-1500) },
        new TypeCase<byte[]> { Name = "byte[] (1 MB)", ColumnType = Column("BLOB", "bytea", "LONGBLOB"), A = OneMegabyte, B = [0, 255] },
        new TypeCase<Shade> { Name = "enum (as a number)", ColumnType = Column("INT", "integer", "INT"), A = Shade.Light, B = Shade.Dark },
        new TypeCase<Shade>
        {
            Name = "enum (as its name)", ColumnType = Column("VARCHAR(20)", "varchar(20)", "VARCHAR(20)"), A = Shade.Light, B = Shade.Dark,
            Configure = o => o.EnumStorage = EnumStorage.Name,
        },
        new TypeCase<decimal>
        {
            Name = "decimal (15 digits, scale 10)", ColumnType = Column("DECIMAL(20,10)", "numeric(20,10)", "DECIMAL(20,10)"),
            A = 12345.6789012345m, B = -0.0000000001m,
        },
        new TypeCase<decimal>
        {
            // The servers give back the column's scale; SQLite keeps none, and gives back the value (15.5, equal to 15.50).
            Name = "decimal (DECIMAL(12,2))", ColumnType = Column("DECIMAL(12,2)", "numeric(12,2)", "DECIMAL(12,2)"),
            A = 15.5m, B = 1_000_000_000m, Expected = (db, v) => db == Db.Sqlite ? v : WithScale(v, 2),
        },
        new TypeCase<decimal>
        {
            Name = "decimal (28 digits)", ColumnType = Column("DECIMAL(38,10)", "numeric(38,10)", "DECIMAL(38,10)"),
            A = 123456789012345678.1234567891m, B = 1.5m, Expected = (_, v) => WithScale(v, 10),
            Stored = db => db != Db.Sqlite, RefusedAs = "a decimal with more than 15 significant digits",
        },
        new TypeCase<double> { Name = "double", ColumnType = Double, A = Math.PI, B = -1.5e-300 },
        new TypeCase<double> { Name = "double NaN", ColumnType = Double, A = double.NaN, B = 1.5, Stored = db => db == Db.Postgres, RefusedAs = "NaN (a double)" },
        new TypeCase<double>
        {
            Name = "double +Infinity", ColumnType = Double, A = double.PositiveInfinity, B = 1.5, Stored = db => db != Db.MariaDb, RefusedAs = "positive infinity (a double)",
        },
        new TypeCase<double>
        {
            Name = "double -Infinity", ColumnType = Double, A = double.NegativeInfinity, B = 1.5, Stored = db => db != Db.MariaDb, RefusedAs = "negative infinity (a double)",
        },
        new TypeCase<float> { Name = "float", ColumnType = Column("FLOAT", "real", "FLOAT"), A = 3.25f, B = -0.0078125f },
        new TypeCase<DateTime>
        {
            Name = "DateTime Utc (timestamp)", ColumnType = Timestamp, A = DateTime.SpecifyKind(Moment, DateTimeKind.Utc), B = DateTime.UnixEpoch, Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTime>
        {
            Name = "DateTime Local (timestamp)", ColumnType = Timestamp, A = DateTime.SpecifyKind(Moment, DateTimeKind.Local), B = DateTime.UnixEpoch, Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTime>
        {
            Name = "DateTime Unspecified (timestamp)", ColumnType = Timestamp, A = Moment, B = new DateTime(1970, 1, 1), Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTime>
        {
            Name = "DateTime Utc (timestamptz)", ColumnType = TimestampTz, A = DateTime.SpecifyKind(Moment, DateTimeKind.Utc), B = DateTime.UnixEpoch, Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTime>
        {
            Name = "DateTime Local (timestamptz)", ColumnType = TimestampTz, A = DateTime.SpecifyKind(Moment, DateTimeKind.Local), B = DateTime.UnixEpoch, Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTime>
        {
            Name = "DateTime Unspecified (timestamptz)", ColumnType = TimestampTz, A = Moment, B = new DateTime(1970, 1, 1), Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<DateTimeOffset>
        {
            Name = "DateTimeOffset (+05:30)", ColumnType = TimestampTz,
            A = new DateTimeOffset(2024, 2, 29, 23, 45, 30, 456, TimeSpan.FromHours(5.5)), B = new DateTimeOffset(2000, 1, 1, 0, 0, 0, 1, TimeSpan.FromHours(-8)),
            Expected = (_, v) => v.ToUniversalTime(),
        },
        new TypeCase<int?> { Name = "int? (null)", ColumnType = Column("INT", "integer", "INT"), A = 5, B = null },
        new TypeCase<Guid?> { Name = "Guid? (null)", ColumnType = Uuid, A = Second, B = null },
        new TypeCase<DateTime?>
        {
            Name = "DateTime? (null)", ColumnType = Timestamp, A = DateTime.SpecifyKind(Moment, DateTimeKind.Local), B = null, Expected = (_, v) => AsUtc(v),
        },
        new TypeCase<decimal?> { Name = "decimal? (null)", ColumnType = Column("DECIMAL(12,2)", "numeric(12,2)", "DECIMAL(12,2)"), A = 9.99m, B = null },
        new TypeCase<UserId> { Name = "UserId (wraps a Guid)", ColumnType = Uuid, A = new UserId(First), B = new UserId(Second) },
        new TypeCase<UserId?> { Name = "UserId? (null)", ColumnType = Uuid, A = new UserId(First), B = null },
        new TypeCase<Email?> { Name = "Email (record wrapping a string)", ColumnType = Column("VARCHAR(255)", "varchar(255)", "VARCHAR(255)"), A = new Email("ada@example.com"), B = null },
        new TypeCase<CustomerId> { Name = "CustomerId (registered converter)", ColumnType = Uuid, A = CustomerId.From(First), B = CustomerId.From(Second) },
        new TypeCase<Money>
        {
            Name = "Money (ValueConverter class, decimal)", ColumnType = Column("DECIMAL(12,2)", "numeric(12,2)", "DECIMAL(12,2)"), A = Money.Of(15.5m), B = Money.Of(-3m),
        },
        new TypeCase<Currency> { Name = "Currency (smart enum, registered)", ColumnType = Column("VARCHAR(3)", "varchar(3)", "VARCHAR(3)"), A = Currency.Euro, B = Currency.Yen },

        new TypeCase<IPAddress>
        {
            // PostgreSQL's inet holds it; SQLite and MariaDB have no such type, and a converter (registered for them only) stores its text.
            Name = "IPAddress (inet on PostgreSQL, a converter to text elsewhere)", ColumnType = Column("VARCHAR(45)", "inet", "VARCHAR(45)"),
            A = IPAddress.Parse("2001:db8::ff00:42:8329"), B = IPAddress.Parse("192.168.0.1"),
            ConfigureFor = (o, db) =>
            {
                if (db != Db.Postgres) o.Types.Add<IPAddress, string>(ip => ip.ToString(), IPAddress.Parse);
            },
        },

        // JSON documents: jsonb (json for JsonDocument, which has no = of its own) on PostgreSQL, JSON on MariaDB, TEXT on SQLite.
        new TypeCase<JsonDocument>
        {
            Name = "JsonDocument (json on PostgreSQL)", ColumnType = Column("TEXT", "json", "JSON"), A = Document, B = JsonDocument.Parse("[1, 2]"),
            RawCondition = JsonEquals(cast: true),
        },
        new TypeCase<JsonElement>
        {
            Name = "JsonElement", ColumnType = Json, A = Document.RootElement.Clone(), B = JsonDocument.Parse("\"text\"").RootElement.Clone(), RawCondition = JsonEquals(cast: false),
            Lambda = a => r => JsonElement.DeepEquals(r.V, a),
        },
        new TypeCase<JsonNode?>
        {
            Name = "JsonNode (null)", ColumnType = Json, A = JsonNode.Parse("""{"a": {"b": [true, null, 1e3]}}"""), B = null, RawCondition = JsonEquals(cast: false),
        },
        new TypeCase<Profile>
        {
            Name = "nested POCO with lists and nulls ([JsonColumn] type)", ColumnType = Json,
            A = new Profile("Ada", ["math", "poetry"], new Address("London", null), null), B = new Profile("Grace", [], null, 85), RawCondition = JsonEquals(cast: false),
        },
        new TypeCase<Label>
        {
            Name = "Label ([JsonColumn] type that wraps one value)", ColumnType = Json, A = new Label("urgent"), B = new Label("later"), RawCondition = JsonEquals(cast: false),
        },
        new TypeCase<Note>
        {
            Name = "Note (listed in Json.Types, wraps one value)", ColumnType = Json, A = new Note("first"), B = new Note("second"), RawCondition = JsonEquals(cast: false),
            Configure = o => o.Json.Map<Note>(),
        },

        // PostgreSQL arrays; SQLite and MariaDB have none and refuse a collection sent as one value on every path.
        new TypeCase<string[]>
        {
            Name = "string[] (text[])", ColumnType = Column("TEXT", "text[]", "LONGTEXT"), A = ["news", "tech"], B = ["other"], Stored = db => db == Db.Postgres,
            RefusedAsValue = false, RefusedAs = "SupportsArrays", Lambda = _ => r => r.V.Contains("news"), ByName = (q, a) => q.WhereArrayContains("v", a),
        },
        new TypeCase<UserId[]>
        {
            Name = "UserId[] (uuid[] of a wrapper)", ColumnType = Column("TEXT", "uuid[]", "LONGTEXT"), A = [new UserId(First), new UserId(Second)], B = [new UserId(Guid.Empty)],
            Stored = db => db == Db.Postgres, RefusedAsValue = false, RefusedAs = "SupportsArrays",
            Lambda = _ => r => r.V.Contains(new UserId(First)), ByName = (q, a) => q.WhereArrayContains("v", a),
        },
        new TypeCase<List<CustomerId>>
        {
            Name = "List<CustomerId> (uuid[] of a registered converter, empty)", ColumnType = Column("TEXT", "uuid[]", "LONGTEXT"), A = [CustomerId.From(First)], B = [],
            Stored = db => db == Db.Postgres, RefusedAsValue = false, RefusedAs = "SupportsArrays",
            Lambda = _ => r => r.V.Contains(CustomerId.From(First)), ByName = (q, a) => q.WhereArrayContains("v", a),
        },
        // PostgreSQL types an array of DateTimes by their kind and converts no array type into the other: UTC (a local one made
        // UTC) is timestamptz[], unspecified timestamp[]. Both read back as UTC.
        new TypeCase<DateTime[]>
        {
            Name = "DateTime[] (timestamptz[], Local and Utc)", ColumnType = Column("TEXT", "timestamptz[]", "LONGTEXT"),
            A = [DateTime.SpecifyKind(Moment, DateTimeKind.Local), DateTime.UnixEpoch], B = [DateTime.SpecifyKind(Moment, DateTimeKind.Utc)],
            Expected = (_, v) => [.. v.Select(AsUtc)], Stored = db => db == Db.Postgres, RefusedAsValue = false, RefusedAs = "SupportsArrays",
            Lambda = _ => r => r.V.Contains(DateTime.UnixEpoch), ByName = (q, a) => q.WhereArrayContains("v", a),
        },
        new TypeCase<List<DateTime?>>
        {
            Name = "List<DateTime?> (timestamp[], Unspecified, a NULL)", ColumnType = Column("TEXT", "timestamp[]", "LONGTEXT"),
            A = [Moment, null], B = [new DateTime(1970, 1, 1)], Expected = (_, v) => [.. v.Select(AsUtc)],
            Stored = db => db == Db.Postgres, RefusedAsValue = false, RefusedAs = "SupportsArrays",
            // Containment (@>) never matches a NULL element, so by name the array is searched for one value.
            Lambda = _ => r => r.V.Contains(Moment), ByName = (q, _) => q.WhereAny("v", Moment),
        },
    ];

    public static TypeCase Named(string name) => All.Single(c => c.Name == name);
}
