using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>Fragments joined with <c>+</c> keep their parts in order however they are nested, shared or grown.</summary>
public class SqlCompositionTests
{
    [Fact]
    public void A_statement_grown_one_fragment_at_a_time_renders_every_part_in_order()
    {
        var sql = Sql.Raw("SELECT 0");
        for (var i = 1; i <= 10_000; i++) sql += $" + {i}";
        var rendered = sql.Render(new PostgresDialect());
        Assert.StartsWith("SELECT 0 + $1 + $2 + ", rendered.Text);
        Assert.EndsWith(" + $10000", rendered.Text);
        Assert.Equal(Enumerable.Range(1, 10_000).Cast<object?>(), rendered.Values);
    }

    [Fact]
    public void A_fragment_used_in_several_statements_renders_the_same_in_each()
    {
        Sql shared = $"a = {1}";
        var first = Sql.Raw("WHERE ") + shared + $" AND b = {2}";
        var second = $"x = {0}" + Sql.Raw(" OR ") + (shared + Sql.Raw(" OR ") + shared);
        Assert.Equal("WHERE a = @p0 AND b = @p1", first.Render(new SqliteDialect()).Text);
        var rendered = second.Render(new MySqlDialect());
        Assert.Equal("x = @p0 OR a = @p1 OR a = @p2", rendered.Text);
        Assert.Equal([0, 1, 1], rendered.Values);
        Assert.Equal("WHERE a = @p0 AND b = @p1", first.ToString());
    }

    [Fact]
    public void Nested_joins_inside_an_interpolated_string_keep_their_places()
    {
        var left = Sql.Raw("(") + Sql.Identifier("a") + $" > {5}" + Sql.Raw(")");
        var right = Sql.Join(Sql.Raw(" OR "), [$"b = {6}", Sql.Raw("c IS NULL"), left]);
        Sql sql = $"SELECT * FROM t WHERE {left} AND ({right}) LIMIT {7}";
        var rendered = sql.Render(new PostgresDialect());
        Assert.Equal("SELECT * FROM t WHERE (\"a\" > $1) AND (b = $2 OR c IS NULL OR (\"a\" > $3)) LIMIT $4", rendered.Text);
        Assert.Equal([5, 6, 5, 7], rendered.Values);
    }

    [Fact]
    public void Empty_fragments_add_nothing()
    {
        var sql = Sql.Empty + Sql.Raw("SELECT 1") + Sql.Empty + Sql.Join(Sql.Raw(", "), []);
        Assert.False(sql.IsEmpty);
        Assert.True((Sql.Empty + Sql.Empty).IsEmpty);
        Assert.Equal("SELECT 1", sql.Render(new SqliteDialect()).Text);
    }

    [Fact]
    public async Task Threads_rendering_one_joined_fragment_at_once_all_get_the_same_statement()
    {
        for (var round = 0; round < 50; round++)
        {
            var sql = Enumerable.Range(0, 40).Aggregate(Sql.Raw("SELECT 0"), (s, i) => s + $" + {i}");
            var texts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => sql.Render(new PostgresDialect()))));
            Assert.All(texts, t => Assert.Equal(texts[0].Text, t.Text));
            Assert.All(texts, t => Assert.Equal(Enumerable.Range(0, 40).Cast<object?>(), t.Values));
        }
    }
}
