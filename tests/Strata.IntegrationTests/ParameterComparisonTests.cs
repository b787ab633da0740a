using System.Globalization;
using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests;

/// <summary>
/// Every .NET type Strata binds, compared with a stored value as the database sees it: against the column itself (where
/// SQLite applies the column's affinity to the parameter) and against expressions that have no affinity (<c>COALESCE</c>,
/// <c>MAX</c>, <c>MIN</c>, arithmetic), where SQLite compares storage classes and a number never equals text.
/// Each type stores a low and a high value and is compared with a middle one; every database must give the same answers.
/// </summary>
public class ParameterComparisonTests
{
    private sealed record Case(string Name, Func<Db, string> Type, object Low, object Middle, object High, bool Ordered = true);

    private static readonly Case[] Cases =
    [
        new("decimal", db => "DECIMAL(10,2)", 9.5m, 15.00m, 17.91m),
        new("whole decimal", db => "DECIMAL(12,2)", -3m, 15.00m, 1_000_000_000m),
        new("int", Types.Int, -5, 3, 40),
        new("long", Types.BigInt, -5_000_000_000L, 1L, 9_000_000_000L),
        new("short", Types.SmallInt, (short)-300, (short)2, (short)300),
        new("byte", Types.TinyInt, (byte)2, (byte)100, (byte)200),
        new("double", Types.Double, -1.5, 0.25, 1e10),
        new("float", Types.Float, -1.5f, 0.25f, 3.5f),
        new("enum", Types.Int, TypeRoundTripTests.Shade.Dark, TypeRoundTripTests.Shade.None, TypeRoundTripTests.Shade.Light),
        new("string", Types.Text, "apple", "mango", "zebra"),
        new("DateTime", Types.DateTime, new DateTime(2023, 12, 31, 23, 59, 59), new DateTime(2024, 1, 1, 0, 0, 0, 500), new DateTime(2024, 6, 1, 12, 0, 0)),
        // Text order and time order disagree here: the earliest instant has the latest local time.
        new("DateTimeOffset", Types.DateTimeOffset,
            new DateTimeOffset(2024, 1, 1, 20, 0, 0, TimeSpan.FromHours(5.5)),
            new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(-5)),
            new DateTimeOffset(2024, 1, 1, 16, 0, 0, TimeSpan.Zero)),
        new("DateOnly", Types.Date, new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1), new DateOnly(2024, 2, 29)),
        new("TimeOnly", Types.Time, new TimeOnly(8, 0), new TimeOnly(12, 30), new TimeOnly(23, 59, 59, 500)),
        new("TimeSpan", Types.Interval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeSpan.FromHours(23)),
        new("bool", Types.Bool, false, false, true, Ordered: false),
        new("Guid", Types.Guid, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Empty, Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Ordered: false),
        new("byte[]", Types.Bytes, new byte[] { 1, 2 }, Array.Empty<byte>(), new byte[] { 0, 255, 7 }, Ordered: false),
    ];

    [Theory, AllDatabases]
    public async Task Every_parameter_type_compares_with_stored_values_and_expressions_as_on_every_database(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var failures = new List<string>();
        foreach (var c in Cases)
        {
            var table = TestDatabase.Table("cmp");
            var t = Sql.Identifier(table);
            await database.ExecuteAsync($"CREATE TABLE {t} (v {Sql.Raw(c.Type(db))} NOT NULL)");
            try
            {
                await database.ExecuteAsync($"INSERT INTO {t} (v) VALUES ({c.Low})");
                await database.ExecuteAsync($"INSERT INTO {t} (v) VALUES ({c.High})");
                async Task Expect(string what, Sql condition, long expected)
                {
                    var count = await database.ScalarAsync<long>($"SELECT COUNT(*) FROM {t} WHERE {condition}");
                    if (count != expected) failures.Add($"{c.Name}: {what} matched {count} rows, expected {expected}");
                }
                async Task ExpectTrue(string what, Sql condition)
                {
                    var truth = await database.ScalarAsync<long>($"SELECT CASE WHEN {condition} THEN 1 ELSE 0 END FROM {t}");
                    if (truth != 1) failures.Add($"{c.Name}: {what} was false");
                }

                await Expect("v = high", $"v = {c.High}", 1);
                await Expect("COALESCE(v, v) = high", $"COALESCE(v, v) = {c.High}", 1);
                await Expect("COALESCE(v, v) <> high", $"COALESCE(v, v) <> {c.High}", 1);
                if (c.Ordered)
                {
                    await Expect("v > middle", $"v > {c.Middle}", 1);
                    await Expect("v < middle", $"v < {c.Middle}", 1);
                    await Expect("COALESCE(v, v) > middle", $"COALESCE(v, v) > {c.Middle}", 1);
                    await Expect("COALESCE(v, v) < middle", $"COALESCE(v, v) < {c.Middle}", 1);
                    await Expect("middle < v (parameter first)", $"{c.Middle} < COALESCE(v, v)", 1);
                    await ExpectTrue("MAX(v) > middle", $"MAX(v) > {c.Middle}");
                    await ExpectTrue("MIN(v) < middle", $"MIN(v) < {c.Middle}");
                    await ExpectTrue("MAX(v) = high", $"MAX(v) = {c.High}");
                }
            }
            finally
            {
                await database.ExecuteAsync($"DROP TABLE {t}");
            }
        }
        Assert.True(failures.Count == 0, $"{db}: " + string.Join(Environment.NewLine, failures));
    }

    [Theory, AllDatabases]
    public async Task A_decimal_parameter_compares_with_a_number_literal_as_a_number(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);

        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT CASE WHEN 17.91 > {15.00m} THEN 1 ELSE 0 END"));
        Assert.Equal(0, await database.ScalarAsync<long>($"SELECT CASE WHEN 9.5 > {15.00m} THEN 1 ELSE 0 END"));
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT CASE WHEN 15 = {15.00m} THEN 1 ELSE 0 END"));
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT CASE WHEN 17.91 = {17.91m} THEN 1 ELSE 0 END"));
        Assert.Equal(1, await database.ScalarAsync<long>($"SELECT CASE WHEN {2.5m} * 4 = 10 THEN 1 ELSE 0 END"));
    }

    [Theory, AllDatabases]
    public async Task Having_with_a_decimal_parameter_keeps_the_groups_above_it(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("cmp_lines");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (product {Sql.Raw(Types.Text(db))} NOT NULL, price DECIMAL(10,2) NOT NULL, qty {Sql.Raw(Types.Int(db))} NOT NULL)");
        try
        {
            foreach (var (product, price, qty) in new[] { ("a", 5.00m, 2), ("b", 8.00m, 2), ("c", 17.91m, 1), ("d", 7.50m, 2) })
                await database.ExecuteAsync($"INSERT INTO {t} (product, price, qty) VALUES ({product}, {price}, {qty})");

            var products = await database.From(table).Select("product").GroupBy("product")
                .Having($"SUM(price * qty) > {15.00m}").OrderBy("product").ToListAsync<string>();

            Assert.Equal(["b", "c"], products);
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Fact]
    public async Task A_ulong_beyond_sqlites_integers_is_refused_rather_than_stored_negative()
    {
        await using var database = await TestDatabase.OpenAsync(Db.Sqlite);

        Assert.Equal(42L, await database.ScalarAsync<long>($"SELECT {42UL}"));
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.ScalarAsync<long>($"SELECT {ulong.MaxValue}"));
        Assert.DoesNotContain(ulong.MaxValue.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }
}
