using CsCheck;
using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>Single-row INSERTs from the shape cache: whatever was compiled before, a statement must equal a fresh compile.</summary>
public class InsertShapeCacheTests
{
    private static readonly SqlDialect[] Dialects = [new SqliteDialect(), new PostgresDialect(), new MySqlDialect()];
    private static readonly string[] Names = ["id", "name", "Name", "email", "created_at", "app.tags", "total"];

    private static RenderedSql Fresh(QueryNode node, IReadOnlyList<KeyValuePair<string, object?>> values, SqlDialect dialect) =>
        QueryCompiler.Default.CompileInsert(node, values, dialect).Render(dialect);

    [Fact]
    public void A_repeated_insert_reuses_the_text_and_binds_this_calls_values_in_order()
    {
        foreach (var dialect in Dialects)
        {
            var node = new QueryNode("users") { Returning = ["*"] };
            if (!dialect.SupportsReturning) node = node with { Returning = ["id"] };
            var first = QueryShapeCache.RenderInsert(node, [new("name", "ann"), new("age", 30)], dialect);
            var second = QueryShapeCache.RenderInsert(node, [new("name", "bob"), new("age", 41)], dialect);

            Assert.Same(first.Text, second.Text);
            Assert.Equal(["bob", 41], second.Values);
            Assert.Equal(Fresh(node, [new("name", "bob"), new("age", 41)], dialect).Text, second.Text);
        }
    }

    [Fact]
    public void A_value_written_as_SQL_is_compiled_into_the_text_every_time()
    {
        var dialect = new PostgresDialect();
        var node = new QueryNode("users");
        QueryShapeCache.RenderInsert(node, [new("name", "ann"), new("n", 1)], dialect);
        var inlined = QueryShapeCache.RenderInsert(node, [new("name", "ann"), new("n", Sql.Raw("1 + 1"))], dialect);

        Assert.Contains("1 + 1", inlined.Text, StringComparison.Ordinal);
        Assert.Equal(["ann"], inlined.Values);
    }

    [Fact]
    public void Any_sequence_of_inserts_gives_what_a_fresh_compile_gives()
    {
        var pairs = Gen.Int[0, Names.Length - 1].Array[1, 5]
            .Select(picks => picks.Distinct().Select(i => new KeyValuePair<string, object?>(Names[i], (object?)i)).ToArray());
        var statement = Gen.Select(Gen.Int[0, Dialects.Length - 1], Gen.OneOf(Gen.Const("users"), Gen.Const("app.users")), Gen.Bool, pairs);
        statement.Array[1, 12].Sample(sequence =>
        {
            foreach (var (d, table, returning, values) in sequence)
            {
                var dialect = Dialects[d];
                var node = new QueryNode(table) { Returning = returning ? ["id"] : [] };
                var cached = QueryShapeCache.RenderInsert(node, values, dialect);
                var fresh = Fresh(node, values, dialect);
                if (cached.Text != fresh.Text || !cached.Values.SequenceEqual(fresh.Values)) return false;
            }
            return true;
        });
    }
}
