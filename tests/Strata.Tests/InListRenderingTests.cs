using System.Text;
using Microsoft.Data.Sqlite;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>
/// IN lists: one array on PostgreSQL (= ANY / &lt;&gt; ALL), one JSON parameter on SQLite past its parameter limit, one
/// placeholder per value on MySQL; only where the list stands alone in [NOT] IN (…).
/// </summary>
public class InListRenderingTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    [Fact]
    public void Each_dialect_writes_IN_and_NOT_IN_its_own_way()
    {
        int[] ids = [1, 2];
        string[] names = ["a"];
        Sql sql = $"SELECT * FROM t WHERE a = {0} AND id IN ({ids}) AND name NOT IN ({names})";

        Assert.Equal("SELECT * FROM t WHERE a = @p0 AND id IN (@p1, @p2) AND name NOT IN (@p3)", sql.Render(Sqlite).Text);
        Assert.Equal("SELECT * FROM t WHERE a = @p0 AND id IN (@p1, @p2) AND name NOT IN (@p3)", sql.Render(MySql).Text);
        var postgres = sql.Render(Postgres);
        Assert.Equal("SELECT * FROM t WHERE a = $1 AND id = ANY($2) AND name <> ALL($3)", postgres.Text);
        Assert.Equal(0, postgres.Values[0]);
        Assert.Equal([1, 2], Assert.IsType<InListValues>(postgres.Values[1]).Items);
        Assert.Equal("[2 values]", postgres.Values[1]!.ToString());
    }

    [Theory]
    [InlineData("x IN (", ")", "x = ANY($1)")]
    [InlineData("x not   in(", " ) AND y", "x <> ALL($1) AND y")]
    [InlineData("\"x\"IN\n(\n", "\n)", "\"x\"= ANY($1)")]
    [InlineData("x NOT IN (", ")", "x <> ALL($1)")]
    [InlineData("KNOT IN (", ")", "KNOT = ANY($1)")]
    public void The_rewrite_takes_IN_in_any_case_and_spacing(string before, string after, string expected)
    {
        var sql = Sql.Raw(before) + Sql.FromParts([new SqlPart(SqlPartKind.ParameterList, null, new object?[] { 1, 2 })]) + Sql.Raw(after);
        Assert.Equal(expected, sql.Render(Postgres).Text);
    }

    [Fact]
    public void A_list_inside_IN_among_other_values_keeps_a_placeholder_per_value()
    {
        int[] ids = [1, 2];
        Assert.Equal("SELECT * FROM t WHERE id IN /* c */ ($1, $2)", ((Sql)$"SELECT * FROM t WHERE id IN /* c */ ({ids})").Render(Postgres).Text);
        Assert.Equal("SELECT * FROM t WHERE id IN ($1, $2, 3)", ((Sql)$"SELECT * FROM t WHERE id IN ({ids}, 3)").Render(Postgres).Text);
        Assert.Equal("SELECT * FROM t WHERE id IN (0, lower('x'), @p0, @p1)", ((Sql)$"SELECT * FROM t WHERE id IN (0, lower('x'), {ids})").Render(Sqlite).Text);
        Assert.Equal("SELECT * FROM t WHERE (id) NOT IN (@p0, @p1)", ((Sql)$"SELECT * FROM t WHERE (id) NOT IN ({ids})").Render(MySql).Text);
        // An empty list stays IN (NULL), which matches nothing, as in every dialect.
        Assert.Equal("SELECT * FROM t WHERE id IN (NULL)", ((Sql)$"SELECT * FROM t WHERE id IN ({Array.Empty<int>()})").Render(Postgres).Text);
    }

    [Fact]
    public void A_list_outside_IN_is_one_array_on_PostgreSQL()
    {
        int[] ids = [1, 2];
        string[] none = [];
        var insert = ((Sql)$"INSERT INTO t VALUES ({ids}, {none})").Render(Postgres);
        Assert.Equal("INSERT INTO t VALUES ($1, $2)", insert.Text);
        Assert.Same(ids, insert.Values[0]);
        Assert.Same(none, insert.Values[1]);
        Assert.Equal("SELECT * FROM t WHERE id = ANY($1)", ((Sql)$"SELECT * FROM t WHERE id = ANY({ids})").Render(Postgres).Text);
        Assert.Equal("SELECT coalesce($1)", ((Sql)$"SELECT coalesce({ids})").Render(Postgres).Text);
        Assert.Equal("SELECT * FROM t WHERE tags && $1", ((Sql)$"SELECT * FROM t WHERE tags && {new List<string> { "a" }}").Render(Postgres).Text);
        Assert.Equal("SELECT * FROM t WHERE MIN(x) IN (SELECT 1) AND a = ANY($1)", ((Sql)$"SELECT * FROM t WHERE MIN(x) IN (SELECT 1) AND a = ANY({ids})").Render(Postgres).Text);
    }

    [Fact]
    public void A_list_outside_IN_is_refused_where_there_are_no_arrays()
    {
        int[] ids = [1, 2];
        foreach (var dialect in new[] { Sqlite, MySql })
        {
            var error = Assert.Throws<NotSupportedException>(() => ((Sql)$"INSERT INTO t VALUES ({ids})").Render(dialect));
            Assert.Contains("Int32[]", error.Message, StringComparison.Ordinal);
            Assert.Contains("SupportsArrays", error.Message, StringComparison.Ordinal);
            Assert.Contains("Sql.Json(values)", error.Message, StringComparison.Ordinal);
        }
        // byte[] and strings are values, never lists.
        Assert.Equal("INSERT INTO t VALUES (@p0, @p1)", ((Sql)$"INSERT INTO t VALUES ({new byte[] { 1 }}, {"ab"})").Render(Sqlite).Text);
    }

    [Fact]
    public void SQLite_sends_lists_as_JSON_only_past_its_parameter_limit()
    {
        var under = Enumerable.Range(0, 32_765).ToArray();
        var rendered = ((Sql)$"SELECT * FROM t WHERE a = {0} AND id IN ({under})").Render(Sqlite);
        Assert.Equal(32_766, rendered.Values.Length);

        var over = Enumerable.Range(0, 32_766).ToArray();
        rendered = ((Sql)$"SELECT * FROM t WHERE a = {0} AND id IN ({over})").Render(Sqlite);
        Assert.Equal("SELECT * FROM t WHERE a = @p0 AND id IN (SELECT iif(type = 'array', unhex(value ->> 0), value) FROM json_each(@p1))", rendered.Text);
        Assert.Equal(over.Length, Assert.IsType<InListValues>(rendered.Values[1]).Count);

        // Two lists that fit alone but not together both go as JSON.
        var half = Enumerable.Range(0, 20_000).ToArray();
        rendered = ((Sql)$"SELECT * FROM t WHERE a IN ({half}) OR b NOT IN ({half})").Render(Sqlite);
        Assert.Equal("SELECT * FROM t WHERE a IN (SELECT iif(type = 'array', unhex(value ->> 0), value) FROM json_each(@p0)) OR b NOT IN (SELECT iif(type = 'array', unhex(value ->> 0), value) FROM json_each(@p1))", rendered.Text);
    }

    [Fact]
    public void MySQL_keeps_a_placeholder_per_value_however_long_the_list()
    {
        var ids = Enumerable.Range(0, 70_000).ToArray();
        Assert.Equal(70_000, ((Sql)$"SELECT * FROM t WHERE id IN ({ids})").Render(MySql).Values.Length);
    }

    [Fact]
    public void PostgreSQL_arrays_take_the_values_type_widening_numbers()
    {
        Assert.IsType<int[]>(Postgres.InListParameterValue([1, 2]));
        Assert.Equal(new long[] { 1, 2 }, Postgres.InListParameterValue([1, 2L]));
        Assert.Equal(new int?[] { 1, null }, Postgres.InListParameterValue([1, null]));
        Assert.Equal(new double[] { 1, 2.5 }, Postgres.InListParameterValue([1, 2.5]));
        Assert.Equal(new decimal[] { 1, 2.5m }, Postgres.InListParameterValue([1L, 2.5m]));
        Assert.Equal(new[] { "a", null, "b" }, Postgres.InListParameterValue(["a", null, 'b']));
        Assert.Equal(new short[] { 1, 2 }, Postgres.InListParameterValue([(byte)1, (byte)2]));
        Assert.Equal(new Guid?[] { Guid.Empty, null }, Postgres.InListParameterValue([Guid.Empty, null]));
        var instant = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.Zero, Assert.IsType<DateTimeOffset[]>(Postgres.InListParameterValue([instant]))[0].Offset);
        Assert.Equal(DBNull.Value, Postgres.InListParameterValue([null, null]));
        var mixed = Assert.Throws<ArgumentException>(() => Postgres.InListParameterValue([1, "a"]));
        Assert.Contains("Int32 and String", mixed.Message, StringComparison.Ordinal);
    }

    public static TheoryData<object> DriverValues => new()
    {
        0, -5L, long.MaxValue, (short)7, (byte)200, (sbyte)-3, (ushort)65_000, 4_000_000_000u, ulong.MaxValue, true, false,
        1.5, -0.1, 3.25f, double.PositiveInfinity, 1.5m, 2m, 123456789.123456m, -0.000001m,
        "text", "", "ünïcödé 𝄞 \"quoted\" \\ back", "line\nbreak", 'x',
        new Guid("92d14eab-0c86-45c4-9f6c-b55086301afc"),
        new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_567), new DateTime(2024, 1, 2), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Local),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-2.5)).AddTicks(10),
        new DateOnly(2024, 2, 29), new TimeOnly(3, 4, 5, 6), TimeSpan.FromHours(30.5), TimeSpan.FromTicks(-1), new byte[] { 0, 1, 254, 255 }, Array.Empty<byte>(),
    };

    [Theory, MemberData(nameof(DriverValues))]
    public void SQLite_JSON_lists_give_back_each_value_as_a_single_parameter_binds_it(object value)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        var list = new StringBuilder("@p0 ");
        Sqlite.AppendInListParameter(list, 1, negated: false);
        command.CommandText =
            "SELECT typeof(@p0), (SELECT typeof(iif(type = 'array', unhex(value ->> 0), value)) FROM json_each(@p1)), " + list;
        Sqlite.AddParameter(command, 0, value);
        Sqlite.AddParameter(command, 1, Sqlite.InListParameterValue([value]));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(reader.GetString(0), reader.GetString(1));
        Assert.Equal(1L, reader.GetInt64(2));
    }

    [Fact]
    public void SQLite_refuses_values_it_cannot_send_as_JSON()
    {
        Assert.Throws<ArgumentException>(() => Sqlite.InListParameterValue([double.NaN]));
        Assert.Throws<ArgumentException>(() => Sqlite.InListParameterValue([new object()]));
    }
}
