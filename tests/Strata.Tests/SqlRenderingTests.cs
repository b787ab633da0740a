using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

public class SqlRenderingTests
{
    public static TheoryData<SqlDialect, string> Dialects => new()
    {
        { new SqliteDialect(), "SELECT \"app\".\"users\".* FROM \"app\".\"users\" WHERE id = @p0 AND name IN (@p1, @p2) AND note = @p3 AND tag IN (NULL)" },
        { new PostgresDialect(), "SELECT \"app\".\"users\".* FROM \"app\".\"users\" WHERE id = $1 AND name = ANY($2) AND note = $3 AND tag IN (NULL)" },
        { new MySqlDialect(), "SELECT `app`.`users`.* FROM `app`.`users` WHERE id = @p0 AND name IN (@p1, @p2) AND note = @p3 AND tag IN (NULL)" },
    };

    [Theory, MemberData(nameof(Dialects))]
    public void Holes_become_parameters_in_each_dialects_style(SqlDialect dialect, string expected)
    {
        var id = 7;
        string[] names = ["ada", "alan"];
        string? note = null;
        Sql sql = $"SELECT {Sql.Identifier("app.users.*")} FROM {Sql.Identifier("app.users")} WHERE id = {id} AND name IN ({names}) AND note = {note} AND tag IN ({Array.Empty<int>()})";
        var rendered = sql.Render(dialect);
        Assert.Equal(expected, rendered.Text);
        Assert.Equal([7, "ada", "alan", null], RenderedValues.Flat(rendered.Values));
    }

    [Fact]
    public void Composition_keeps_parameter_order()
    {
        Sql where = $"a = {1}";
        var conditions = new List<Sql> { where, $"b = {2}", $"c IN ({new[] { 3, 4 }})" };
        var sql = Sql.Raw("SELECT * FROM t WHERE ") + Sql.Join($" AND ", conditions) + $" LIMIT {10}";
        var rendered = sql.Render(new PostgresDialect());
        Assert.Equal("SELECT * FROM t WHERE a = $1 AND b = $2 AND c = ANY($3) LIMIT $4", rendered.Text);
        Assert.Equal([1, 2, 3, 4, 10], RenderedValues.Flat(rendered.Values));
    }

    [Fact]
    public void Hostile_values_stay_parameters()
    {
        var evil = "x'; DROP TABLE users; --";
        Sql sql = $"SELECT * FROM users WHERE name = {evil}";
        var rendered = sql.Render(new SqliteDialect());
        Assert.Equal("SELECT * FROM users WHERE name = @p0", rendered.Text);
        Assert.Equal(evil, rendered.Values[0]);
        Assert.DoesNotContain("DROP", sql.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_collection_is_copied_when_the_sql_is_built()
    {
        var ids = new List<int> { 1, 2 };
        Sql sql = $"id IN ({ids})";
        ids.Add(3);
        Assert.Equal(2, sql.Render(new SqliteDialect()).Values.Length);
    }

    [Fact]
    public void Format_strings_are_refused()
    {
        var e = Assert.Throws<NotSupportedException>(() => { Sql _ = $"SELECT {1.5:N2}"; });
        Assert.Contains("':N2'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_placeholders_and_never_values()
    {
        Sql sql = $"UPDATE {Sql.Identifier("users")} SET password = {"s3cret"} WHERE id IN ({new[] { 1, 2 }})";
        Assert.Equal("UPDATE \"users\" SET password = @p0 WHERE id IN (@p1, @p2)", sql.ToString());
    }

    [Theory, MemberData(nameof(Dialects))]
    public void Quotes_inside_identifiers_cannot_appear_because_validation_refuses_them(SqlDialect dialect, string _)
    {
        Assert.Throws<ArgumentException>(() => Sql.Identifier("users\"; DROP TABLE x; --"));
        Assert.Throws<ArgumentException>(() => Sql.Identifier("users`"));
        Assert.Equal(dialect is MySqlDialect ? "`a``b`" : "\"a\"\"b\"", QuoteRaw(dialect, dialect is MySqlDialect ? "a`b" : "a\"b"));
    }

    private static string QuoteRaw(SqlDialect dialect, string name)
    {
        var builder = new System.Text.StringBuilder();
        dialect.AppendQuotedIdentifier(builder, name);
        return builder.ToString();
    }
}
