using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.TypeMapping;

/// <summary>
/// Decimals are exact or refused. On SQLite a decimal travels as a number (INTEGER, or a REAL when it has at most 15 significant
/// digits) so that it compares and sums as one; more digits are refused (<see cref="TypeMatrixTests"/>), and text in a TEXT
/// column keeps them exactly. The servers store every decimal their column holds.
/// </summary>
public class DecimalPolicyTests
{
    [Theory, AllDatabases]
    public async Task A_decimal_column_holding_whole_and_fractional_values_reads_each_one_exactly(Db db)
    {
        await using var database = await TestDatabase.OpenAsync(db);
        var table = TestDatabase.Table("dec_mixed");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (n {Sql.Raw(Types.Int(db))} NOT NULL, v DECIMAL(20,6) NOT NULL)");
        try
        {
            // On SQLite the first row is an INTEGER and the others REALs: each row is read as what it holds.
            var values = new[] { 15m, 9.5m, 0.1m, -123456789.123456m };
            for (var i = 0; i < values.Length; i++) await database.ExecuteAsync($"INSERT INTO {t} (n, v) VALUES ({i}, {values[i]})");

            Assert.Equal(values, await database.QueryAsync<decimal>($"SELECT v FROM {t} ORDER BY n"));
            Assert.Equal(values.Select(v => (double)v), await database.QueryAsync<double>($"SELECT v FROM {t} ORDER BY n"));
            Assert.Equal(values.Sum(), await database.ScalarAsync<decimal>($"SELECT SUM(v) FROM {t}"));
            Assert.Equal(2, await database.ScalarAsync<int>($"SELECT COUNT(*) FROM {t} WHERE v > {1m}"));
        }
        finally
        {
            await database.ExecuteAsync($"DROP TABLE {t}");
        }
    }

    [Fact]
    public async Task On_SQLite_a_decimal_beyond_15_digits_is_kept_exactly_as_text_in_a_text_column()
    {
        await using var database = await TestDatabase.OpenAsync(Db.Sqlite);
        var table = TestDatabase.Table("dec_text");
        var t = Sql.Identifier(table);
        await database.ExecuteAsync($"CREATE TABLE {t} (v TEXT NOT NULL)");
        var precise = 12345678901234567.8901234567m;

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.ExecuteAsync($"INSERT INTO {t} (v) VALUES ({precise})"));
        await database.ExecuteAsync($"INSERT INTO {t} (v) VALUES ({precise.ToString(System.Globalization.CultureInfo.InvariantCulture)})");

        Assert.Contains("Keep it as text in a TEXT column", refused.Message, StringComparison.Ordinal);
        Assert.Equal(precise, await database.ScalarAsync<decimal>($"SELECT v FROM {t}"));
    }
}
