using System.Globalization;
using Strata.Bulk;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Bulk;

/// <summary>
/// Rows that write their own typed values (<see cref="BulkRowSource"/>): a row with the wrong number of values or a source that
/// throws leaves no rows on every database; on PostgreSQL, where the values are encoded straight into binary COPY, a value its
/// column cannot take is refused before it is sent, and decimals and the infinite timestamps keep their exact values.
/// </summary>
public class TypedBulkInsertTests
{
    private sealed class SourceException(string message) : Exception(message);

    /// <summary>Rows of (name, count), each written by <paramref name="write"/> for its number.</summary>
    private sealed class Rows(int count, Action<IBulkValueWriter, int> write) : BulkRowSource
    {
        private int _written;

        public override bool WriteRow(IBulkValueWriter writer)
        {
            if (_written == count) return false;
            write(writer, ++_written);
            return true;
        }
    }

    private static void Good(IBulkValueWriter writer, int number)
    {
        writer.WriteString($"item {number}");
        writer.WriteInt32(number);
    }

    [Theory, BulkTargets]
    public async Task A_row_with_too_few_or_too_many_values_is_refused_and_no_row_stays(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope);

        var few = await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"],
            new Rows(3_000, (w, n) => { if (n == 2_500) w.WriteString("alone"); else Good(w, n); })));
        var many = await Assert.ThrowsAsync<ArgumentException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"],
            new Rows(10, (w, n) => { Good(w, n); if (n == 4) w.WriteInt32(0); })));

        Assert.Contains("Row 2500 wrote 1 values but 2 columns were given", few.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 2 values", many.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }

    [Theory, BulkTargets]
    public async Task A_source_with_no_rows_writes_none(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope);

        Assert.Equal(0, await scope.Db.BulkInsertAsync(table, ["name", "count"], new Rows(0, Good)));
        Assert.Equal(0, await scope.Db.BulkInsertAsync(table, Array.Empty<Counted>().Where(_ => true)));
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
    }

    [Theory, BulkTargets]
    public async Task A_source_that_throws_surfaces_its_own_exception_and_no_row_stays(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = await CreateAsync(scope);

        var e = await Assert.ThrowsAsync<SourceException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"],
            new Rows(50_000, (w, n) => { if (n == 30_000) throw new SourceException("no row 30000"); Good(w, n); })));

        Assert.Equal("no row 30000", e.Message);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        var written = await scope.Db.BulkInsertAsync(table, ["name", "count"], new Rows(20_000, Good));
        Assert.Equal(20_000, written);
        Assert.Equal(20_000L * 20_001 / 2, await scope.Db.ScalarAsync<long>($"SELECT SUM({Sql.Identifier("count")}) FROM {Sql.Identifier(table)}"));
    }

    [Fact]
    public async Task On_PostgreSQL_a_value_its_column_cannot_take_is_refused_before_it_is_sent()
    {
        await using var scope = await SchemaScope.OpenAsync(Db.Postgres);
        var table = await CreateAsync(scope);

        await Assert.ThrowsAsync<OverflowException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"],
            new Rows(5, (w, n) => { w.WriteString("x"); w.WriteInt64(n == 3 ? long.MaxValue : n); })));
        var cast = await Assert.ThrowsAsync<InvalidCastException>(() => scope.Db.BulkInsertAsync(table, ["name", "count"],
            new Rows(5, (w, n) => { w.WriteString("x"); w.WriteGuid(Guid.NewGuid()); })));

        Assert.Contains("'count' is of PostgreSQL type integer", cast.Message, StringComparison.Ordinal);
        Assert.Equal(0, await scope.Db.ScalarAsync<long>($"SELECT COUNT(*) FROM {Sql.Identifier(table)}"));
        // Exact widenings are taken: a 16-bit integer into an integer column, an integer into a numeric one.
        await scope.Db.BulkInsertAsync(table, ["name", "count", "amount"], new Rows(2, (w, n) => { w.WriteString("y"); w.WriteInt16((short)n); w.WriteInt64(n); }));
        Assert.Equal(3m, await scope.Db.ScalarAsync<decimal>($"SELECT SUM(amount) FROM {Sql.Identifier(table)}"));
    }

    [Fact]
    public async Task On_PostgreSQL_decimals_and_the_extreme_dates_keep_their_exact_values()
    {
        await using var scope = await SchemaScope.OpenAsync(Db.Postgres);
        var table = scope.Table("typed_exact");
        await scope.Db.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (n integer, amount numeric, stamp timestamp, instant timestamptz, day date)");
        decimal[] amounts =
        [
            0m, 0.00m, -0.5m, 1.10m, -1.10m, 10_000m, 0.0001m, 1e-28m, 123_456_789.123456789m, 99_999_999.9999m, 100_000_000m,
            decimal.MaxValue, decimal.MinValue, 7.9228162514264337593543950335m, -12_345_678_901.2345m,
        ];
        (DateTime Stamp, DateOnly Day)[] extremes = [(DateTime.MaxValue, DateOnly.MaxValue), (DateTime.MinValue, DateOnly.MinValue), (new DateTime(1999, 12, 31, 23, 59, 59, 999, 999), new DateOnly(1, 1, 2))];

        await scope.Db.BulkInsertAsync(table, ["n", "amount", "stamp", "instant", "day"], new Rows(amounts.Length, (w, n) =>
        {
            w.WriteInt32(n);
            w.WriteDecimal(amounts[n - 1]);
            var (stamp, day) = extremes[n % extremes.Length];
            w.WriteDateTime(stamp);
            w.WriteDateTimeOffset(new DateTimeOffset(stamp == DateTime.MinValue || stamp == DateTime.MaxValue ? stamp : stamp.AddHours(3), TimeSpan.Zero));
            w.WriteDate(day);
        }));

        var back = await scope.Db.QueryAsync<(int N, string Amount, string Stamp, string Day)>(
            $"SELECT n, amount::text, stamp::text, day::text FROM {Sql.Identifier(table)} ORDER BY n");
        Assert.Equal(amounts.Select(a => a.ToString(CultureInfo.InvariantCulture)), back.Select(r => r.Amount));
        Assert.Equal(amounts.Select((_, i) => ((i + 1) % 3) switch { 0 => "infinity", 1 => "-infinity", _ => "1999-12-31 23:59:59.999999" }), back.Select(r => r.Stamp));
        Assert.Equal(amounts.Select((_, i) => ((i + 1) % 3) switch { 0 => "infinity", 1 => "-infinity", _ => "0001-01-02" }), back.Select(r => r.Day));
        Assert.Equal(new DateTime(2000, 1, 1, 2, 59, 59, 999, 999, DateTimeKind.Utc),
            await scope.Db.ScalarAsync<DateTime>($"SELECT instant FROM {Sql.Identifier(table)} WHERE n = 2"));
    }

    [Theory, BulkTargets]
    public async Task Entities_of_the_common_types_round_trip(Db db, bool bulkCopy)
    {
        await using var scope = await BulkTargetsAttribute.OpenAsync(db, bulkCopy);
        var table = scope.Table("typed_readings");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.Integer("sensor");
            t.BigInteger("sequence").Nullable();
            t.SmallInteger("level");
            t.SmallInteger("flags");
            t.Boolean("ok").Nullable();
            t.Decimal("amount", 12, 2);
            t.Double("value");
            t.Float("ratio").Nullable();
            t.Text("note").Nullable();
            t.Uuid("tag");
            t.DateTime("taken_at");
            t.Timestamp("seen_at").Nullable();
            t.Date("day");
            t.Time("at").Nullable();
            t.Binary("blob").Nullable();
        }).ExecuteAsync();
        var readings = Enumerable.Range(1, 2_500).Select(Reading.Make).ToList();

        // Streamed (not a list), so each entity is read as the database takes it.
        var written = await scope.Db.BulkInsertAsync(table, readings.Select(r => r));

        Assert.Equal(readings.Count, written);
        var back = await scope.Db.QueryAsync<Reading>($"SELECT * FROM {Sql.Identifier(table)} ORDER BY sensor");
        Assert.Equal(readings.Count, back.Count);
        for (var i = 0; i < readings.Count; i++)
        {
            Assert.Equal(readings[i] with { Id = back[i].Id, Blob = null }, back[i] with { Blob = null });
            Assert.Equal(readings[i].Blob, back[i].Blob);
        }
        Assert.Equal(readings.Count, back.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task On_PostgreSQL_entities_are_written_typed_and_a_long_member_fits_an_integer_column_exactly()
    {
        await using var scope = await SchemaScope.OpenAsync(Db.Postgres, TestDatabase.SnakeCase);
        var table = await CreateAsync(scope);

        // Npgsql's importer would send a bigint into the integer column, which binary COPY refuses; the typed rows narrow it, checked.
        await scope.Db.BulkInsertAsync(table, new[] { new Counted { Name = "a", Count = 41 }, new Counted { Name = "b", Count = int.MaxValue } });
        await Assert.ThrowsAsync<OverflowException>(() => scope.Db.BulkInsertAsync(table, new[] { new Counted { Name = "c", Count = int.MaxValue + 1L } }));

        Assert.Equal([41L, int.MaxValue], await scope.Db.QueryAsync<long>($"SELECT {Sql.Identifier("count")} FROM {Sql.Identifier(table)} ORDER BY name"));
    }

    public sealed class Counted
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public long Count { get; set; }
    }

    public sealed record Reading
    {
        public long Id { get; init; }
        public int Sensor { get; init; }
        public long? Sequence { get; init; }
        public short Level { get; init; }
        public byte Flags { get; init; }
        public bool? Ok { get; init; }
        public decimal Amount { get; init; }
        public double Value { get; init; }
        public float? Ratio { get; init; }
        public string? Note { get; init; }
        public Guid Tag { get; init; }
        public DateTime TakenAt { get; init; }
        public DateTimeOffset? SeenAt { get; init; }
        public DateOnly Day { get; init; }
        public TimeOnly? At { get; init; }
        public byte[]? Blob { get; init; }

        public static Reading Make(int n) => new()
        {
            Sensor = n,
            Sequence = n % 4 == 0 ? null : n * 1_000_000_007L,
            Level = (short)(n % 2 == 0 ? -n : n),
            Flags = (byte)(n % 256),
            Ok = (n % 3) switch { 0 => null, 1 => true, _ => false },
            Amount = n * 1.25m - 1_000m,
            Value = n / 7.0,
            Ratio = n % 5 == 0 ? null : n / 4f,
            Note = n % 6 == 0 ? null : $"note {n} 'é' \"q\" \\ \t",
            Tag = new Guid(n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
            TakenAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n * 37),
            SeenAt = n % 7 == 0 ? null : new DateTimeOffset(2023, 6, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(n),
            Day = new DateOnly(2020, 1, 1).AddDays(n),
            At = n % 8 == 0 ? null : new TimeOnly(n % 24, n % 60, n % 60),
            Blob = n % 9 == 0 ? null : [(byte)n, 0, 255, (byte)(n >> 8)],
        };
    }

    private static async Task<string> CreateAsync(SchemaScope scope)
    {
        var table = scope.Table("typed_rows");
        await scope.Db.Schema.CreateTable(table, t =>
        {
            t.BigIncrements("id");
            t.String("name", 100).Nullable();
            t.Integer("count").Nullable();
            t.Decimal("amount", 12, 2).Nullable();
            t.Timestamp("stamp", withTimeZone: false).Nullable();
        }).ExecuteAsync();
        return table;
    }
}
