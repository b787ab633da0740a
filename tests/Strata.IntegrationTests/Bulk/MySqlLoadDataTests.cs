using System.Text;
using System.Text.Json;
using CsCheck;
using Strata.Bulk;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Bulk;

/// <summary>
/// MariaDB's LOAD DATA path with the file Strata writes: any text and every byte value stored as given, the same stored values
/// as multi-row INSERT for every type (typed entities, and boxed rows through the same encoder), and a value the server could
/// only store changed refused with its column and row before anything is kept.
/// </summary>
public class MySqlLoadDataTests
{
    /// <summary>Valid Unicode text, heavy in what the file format treats specially (and in text that looks like its escapes).</summary>
    private static readonly Gen<string> AnyText = Gen.OneOf(
            Gen.OneOf("\\", "\t", "\n", "\r", "\0", "\\N", "N", "NULL", "\\t", "\u001A", "'", "\"", " ", "é", "世", "🌍", "\uFFFD"),
            Gen.Char['\0', '\u007F'].Select(c => c.ToString()),
            Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32))
        .Array[0, 30].Select(pieces => string.Concat(pieces));

    private static readonly string[] Awkward = ["\\N", "\\", "N", "NULL", "", "\t", "\n", "\r\n", "\0", "\u001A", "\\t", "a\\", "\\\\N", " padded "];

    /// <summary>Rows (n, text as a string, the same text as UTF-8), written through the typed methods.</summary>
    private sealed class TextRows(IReadOnlyList<string?> texts) : BulkRowSource
    {
        private int _next;

        public override bool WriteRow(IBulkValueWriter writer)
        {
            if (_next == texts.Count) return false;
            var text = texts[_next];
            writer.WriteInt32(++_next);
            if (text is null)
            {
                writer.WriteNull();
                writer.WriteNull();
                return true;
            }
            writer.WriteString(text);
            writer.WriteString(Encoding.UTF8.GetBytes(text));
            return true;
        }
    }

    [Fact]
    public async Task Any_text_is_stored_as_given_property()
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        var table = scope.Table("load_text");
        var t = Sql.Identifier(table);
        await scope.Db.ExecuteAsync($"CREATE TABLE {t} (n INT PRIMARY KEY, s LONGTEXT NULL, v VARCHAR(500) NULL)");

        await AnyText.Array[1, 40].SampleAsync(async generated =>
        {
            await scope.Db.ExecuteAsync($"DELETE FROM {t}");
            string?[] texts = [.. generated, .. Awkward, null];

            await scope.Db.BulkInsertAsync(table, ["n", "s", "v"], new TextRows(texts));
            // The same texts again as boxed values, after the typed ones.
            await scope.Db.BulkInsertAsync(table, ["n", "s", "v"], texts.Select((s, i) => new object?[] { 10_000 + i, s, s }));

            var back = await scope.Db.QueryAsync<(int N, string? S, string? V)>($"SELECT n, s, v FROM {t} ORDER BY n");
            string?[] expected = [.. texts, .. texts];
            Assert.Equal(expected, back.Select(r => r.S));
            Assert.Equal(expected, back.Select(r => r.V));
        }, iter: 25, threads: 1);
    }

    public sealed class Blob
    {
        public long Id { get; set; }
        public int N { get; set; }
        public byte[]? Data { get; set; }
        public byte[]? Short { get; set; }
    }

    [Fact]
    public async Task Every_byte_value_is_stored_as_given_in_binary_columns()
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        var table = scope.Table("load_bytes");
        var t = Sql.Identifier(table);
        await scope.Db.ExecuteAsync($"CREATE TABLE {t} (id BIGINT AUTO_INCREMENT PRIMARY KEY, n INT NOT NULL, data LONGBLOB NULL, short VARBINARY(300) NULL)");
        byte[] all = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        List<byte[]?> fixedRows = [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), all, [], null, [.. all.Reverse()]];

        await Gen.Byte.Array[0, 300].Array[20, 60].SampleAsync(async random =>
        {
            await scope.Db.ExecuteAsync($"DELETE FROM {t}");
            var values = fixedRows.Concat(random).ToList();
            var rows = values.Select((v, i) => new Blob { N = i, Data = v, Short = v }).ToList();

            await scope.Db.BulkInsertAsync(table, rows);

            var back = await scope.Db.QueryAsync<Blob>($"SELECT * FROM {t} ORDER BY n");
            Assert.Equal(values, back.Select(b => b.Data));
            Assert.Equal(values, back.Select(b => b.Short));
        }, iter: 10, threads: 1);
    }

    /// <summary>Every member has a typed write, so a bulk insert of these goes through the unboxed path.</summary>
    public sealed class Typed
    {
        public long Id { get; set; }
        public int RowNo { get; set; }
        public bool Flag { get; set; }
        public bool? Ok { get; set; }
        public short? Small { get; set; }
        public byte? Tiny { get; set; }
        public int? Count { get; set; }
        public long? Big { get; set; }
        public decimal? Amount { get; set; }
        public double? Ratio { get; set; }
        public float? Level { get; set; }
        public string? Name { get; set; }
        public string? Note { get; set; }
        public Guid? Tag { get; set; }
        public DateTime? TakenAt { get; set; }
        public DateTimeOffset? SeenAt { get; set; }
        public DateOnly? Day { get; set; }
        public TimeOnly? At { get; set; }
        public byte[]? Data { get; set; }

        public object?[] Values() => [RowNo, Flag, Ok, Small, Tiny, Count, Big, Amount, Ratio, Level, Name, Note, Tag, TakenAt, SeenAt, Day, At, Data];
    }

    private static readonly (string Name, string Type)[] TypedColumns =
    [
        ("row_no", "INT NOT NULL"), ("flag", "BIT(1) NOT NULL"), ("ok", "BOOLEAN NULL"), ("small", "SMALLINT NULL"), ("tiny", "TINYINT UNSIGNED NULL"),
        ("count", "INT NULL"), ("big", "BIGINT NULL"), ("amount", "DECIMAL(30, 10) NULL"), ("ratio", "DOUBLE NULL"), ("level", "FLOAT NULL"),
        ("name", "VARCHAR(200) NULL"), ("note", "TEXT NULL"), ("tag", "CHAR(36) NULL"), ("taken_at", "DATETIME(6) NULL"), ("seen_at", "TIMESTAMP(6) NULL"),
        ("day", "DATE NULL"), ("at", "TIME(6) NULL"), ("data", "BLOB NULL"),
    ];

    private static Gen<T?> OrNull<T>(Gen<T> gen) where T : struct => Gen.Frequency((1, Gen.Const(default(T?))), (4, gen.Select(v => (T?)v)));

    private static Gen<T?> OrNullRef<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Const(default(T))), (4, gen.Select(v => (T?)v)));

    private static readonly DateTime Earliest = new(1971, 1, 1);
    private static readonly DateTime Latest = new(2037, 12, 31);

    private static readonly Gen<DateTime> Stamps = Gen.Long[Earliest.Ticks, Latest.Ticks].Select(t => new DateTime(t, DateTimeKind.Unspecified));

    /// <summary>Finite doubles and floats of normal size (no subnormals, which the server's parser treats as it likes).</summary>
    private static readonly Gen<double> Doubles = Gen.OneOf(Gen.Double.Where(d => d == 0 || double.IsNormal(d)), Gen.OneOf(1e20, -1e-300, double.MaxValue, -0.0, 0.1));

    /// <summary>
    /// Floats short of the largest: its shortest text (3.4028235E+38) reads back as a double just above FLT_MAX, which MariaDB's
    /// FLOAT refuses as out of range whichever way it is sent.
    /// </summary>
    private static readonly Gen<float> Floats = Gen.OneOf(Gen.Float.Where(f => f == 0 || float.IsNormal(f) && Math.Abs(f) < 3.4e38f), Gen.OneOf(3.14159f, 1e-30f, -0.5f));

    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, 11).Select(p => (decimal)Math.Pow(10, p))];

    private static readonly Gen<Typed> TypedRows = Gen.Select(
        Gen.Select(Gen.Bool, OrNull(Gen.Bool), OrNull(Gen.Short), OrNull(Gen.Byte), OrNull(Gen.Int), OrNull(Gen.Long),
            OrNull(Gen.Select(Gen.Long[-999_999_999_999_999L, 999_999_999_999_999L], Gen.Int[0, 10]).Select((m, s) => m / PowersOfTen[s]))),
        Gen.Select(OrNull(Doubles), OrNull(Floats), OrNullRef(AnyText.Where(s => s.Length <= 200)), OrNullRef(AnyText), OrNull(Gen.Guid)),
        Gen.Select(OrNull(Stamps), OrNull(Gen.Select(Stamps, Gen.Int[-14 * 60, 14 * 60]).Select((d, m) => new DateTimeOffset(d, TimeSpan.FromMinutes(m)))),
            OrNull(Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Select(DateOnly.FromDayNumber)),
            OrNull(Gen.Long[0, TimeSpan.TicksPerDay - 1].Select(t => new TimeOnly(t))), OrNullRef(Gen.Byte.Array[0, 40])),
        (a, b, c) => new Typed
        {
            Flag = a.Item1, Ok = a.Item2, Small = a.Item3, Tiny = a.Item4, Count = a.Item5, Big = a.Item6, Amount = a.Item7,
            Ratio = b.Item1, Level = b.Item2, Name = b.Item3, Note = b.Item4, Tag = b.Item5,
            TakenAt = c.Item1, SeenAt = c.Item2, Day = c.Item3, At = c.Item4, Data = c.Item5,
        });

    [Fact]
    public async Task LOAD_DATA_stores_what_multi_row_INSERT_stores_for_typed_and_boxed_rows()
    {
        await using var load = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        await using var insert = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: false);
        var typed = await CreateAsync(load, "load_typed", TypedColumns);
        var boxed = await CreateAsync(load, "load_boxed", TypedColumns);
        var inserted = await CreateAsync(load, "load_inserted", TypedColumns);

        await TypedRows.Array[300].SampleAsync(async generated =>
        {
            await EmptyAsync(load, typed, boxed, inserted);
            var rows = generated.Select((r, i) => { r.RowNo = i + 1; return r; }).ToList();

            await load.Db.BulkInsertAsync(typed, rows);
            await load.Db.BulkInsertAsync(boxed, TypedColumns.Select(c => c.Name).ToArray(), rows.Select(r => r.Values()));
            await insert.Db.BulkInsertAsync(inserted, rows);

            await AssertSameAsync(load, inserted, typed, TypedColumns, rows.Count);
            await AssertSameAsync(load, inserted, boxed, TypedColumns, rows.Count);
        }, iter: 5, threads: 1);
    }

    private static async Task EmptyAsync(SchemaScope scope, params string[] tables)
    {
        foreach (var table in tables) await scope.Db.ExecuteAsync($"DELETE FROM {Sql.Identifier(table)}");
    }

    public enum Shade
    {
        Dark = -1,
        Light = 7,
    }

    private static readonly (string Name, string Type)[] BoxedColumns =
    [
        ("row_no", "INT NOT NULL"), ("span", "TIME(6) NULL"), ("shade", "INT NULL"), ("letter", "CHAR(1) NULL"), ("unsigned_int", "INT UNSIGNED NULL"),
        ("unsigned_long", "BIGINT UNSIGNED NULL"), ("doc", "JSON NULL"), ("estimate", "DOUBLE NULL"), ("wide", "DECIMAL(38, 10) NULL"),
        ("approximate", "DECIMAL(38, 10) NULL"),
    ];

    [Fact]
    public async Task Boxed_values_of_the_types_without_a_typed_write_store_what_multi_row_INSERT_stores()
    {
        await using var load = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        await using var insert = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: false);
        var loaded = await CreateAsync(load, "load_more", BoxedColumns);
        var inserted = await CreateAsync(load, "load_more_inserted", BoxedColumns);
        using var document = JsonDocument.Parse("""{"tags": ["a", "\t\\"], "n": 1.5}""");
        var gen = Gen.Select(
            OrNull(Gen.Long[-838L * TimeSpan.TicksPerHour + 1, 838L * TimeSpan.TicksPerHour - 1].Select(t => new TimeSpan(t))),
            OrNull(Gen.OneOf(Shade.Dark, Shade.Light)), OrNull(Gen.Char['\0', '\u007F']), OrNull(Gen.UInt), OrNull(Gen.ULong),
            Gen.Int[0, 2].Select(i => i switch { 0 => null, 1 => (object)document, _ => document.RootElement.GetProperty("tags") }),
            OrNull(Gen.Int[-1000, 1000].Select(i => i / 8.0)),
            OrNull(Gen.Long[-99_999_999_999L, 99_999_999_999L].Select(l => l / 1000m)));
        var columns = BoxedColumns.Select(c => c.Name).ToArray();

        await Gen.Select(gen, OrNull(Gen.OneOf(1e20, -2.5e15, 1.5e-5, 123.456, 0.1, 1.2345678901234567e19))).Array[200].SampleAsync(async generated =>
        {
            await EmptyAsync(load, loaded, inserted);
            var rows = generated.Select((g, i) =>
            {
                var r = g.Item1;
                return new object?[] { i + 1, r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7, r.Item8, g.Item2 };
            }).ToList();

            await load.Db.BulkInsertAsync(loaded, columns, rows);
            await insert.Db.BulkInsertAsync(inserted, columns, rows);

            await AssertSameAsync(load, inserted, loaded, BoxedColumns, rows.Count);
        }, iter: 5, threads: 1);
    }

    public sealed class Reading
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public double Ratio { get; set; }
    }

    /// <summary>Rows (name, ratio) whose ratio in row <paramref name="bad"/> is NaN.</summary>
    private sealed class RatioRows(int count, int bad) : BulkRowSource
    {
        private int _next;

        public override bool WriteRow(IBulkValueWriter writer)
        {
            if (_next == count) return false;
            writer.WriteString("r");
            writer.WriteDouble(++_next == bad ? double.NaN : _next);
            return true;
        }
    }

    [Fact]
    public async Task A_value_MariaDB_cannot_store_is_refused_naming_its_column_and_row_and_no_row_stays()
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(Db.MariaDb, bulkCopy: true);
        var table = scope.Table("load_refused");
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, ratio DOUBLE NOT NULL)");
        var readings = Enumerable.Range(1, 30_000).Select(i => new Reading { Name = $"r{i}", Ratio = i }).ToList();

        var typed = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Db.BulkInsertAsync(table, ["name", "ratio"], new RatioRows(5_000, 4_321)));
        readings[24_999].Ratio = double.PositiveInfinity;
        var entity = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scope.Db.BulkInsertAsync(table, readings));
        readings[24_999].Ratio = 1;
        readings[40].Name = "half a pair \uD83D";
        var surrogate = await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, readings));

        Assert.StartsWith("The value for column 'ratio' in row 4321 is NaN (a double), which MariaDB cannot store", typed.Message, StringComparison.Ordinal);
        Assert.StartsWith("The value for column 'ratio' in row 25000 is positive infinity", entity.Message, StringComparison.Ordinal);
        Assert.StartsWith("The value for column 'name' in row 41 is a string with an unpaired UTF-16 surrogate", surrogate.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }

    private static async Task<string> CreateAsync(SchemaScope scope, string prefix, (string Name, string Type)[] columns)
    {
        var table = scope.Table(prefix);
        var definitions = columns.Select(c => Sql.Identifier(c.Name) + Sql.Raw(" " + c.Type));
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id BIGINT AUTO_INCREMENT PRIMARY KEY, {Sql.Join(Sql.Raw(", "), definitions)})");
        return table;
    }

    /// <summary>
    /// Both tables hold the same rows, column by column: equal as values (<c>&lt;=&gt;</c>, exact for numbers) and as bytes (the
    /// column cast to BINARY, so that text compares without its collation and numbers by their full text).
    /// </summary>
    private static async Task AssertSameAsync(SchemaScope scope, string expected, string actual, (string Name, string Type)[] columns, int count)
    {
        var e = Sql.Identifier(expected);
        var a = Sql.Identifier(actual);
        Assert.Equal(count, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {a}"));
        foreach (var (name, _) in columns)
        {
            var c = Sql.Identifier(name);
            var differing = await scope.Db.QueryAsync<int>(
                $"SELECT x.row_no FROM {e} x JOIN {a} y ON x.row_no = y.row_no WHERE NOT (x.{c} <=> y.{c} AND CAST(x.{c} AS BINARY) <=> CAST(y.{c} AS BINARY)) ORDER BY x.row_no LIMIT 5");
            Assert.True(differing.Count == 0, $"Column {name} differs in rows {string.Join(", ", differing)}.");
        }
    }
}
