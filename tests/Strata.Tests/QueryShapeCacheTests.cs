using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>The compiled-text cache by query shape: a hit must give exactly what compiling gives.</summary>
public class QueryShapeCacheTests
{
    private static readonly SqlDialect[] Dialects = [new SqliteDialect(), new PostgresDialect(), new MySqlDialect()];
    private static readonly string[] Columns = ["id", "name", "age", "country", "u.email", "orders.total"];

    private static RenderedSql Uncached(QueryNode node, SqlDialect dialect) => QueryCompiler.Default.CompileSelect(node, dialect).Render(dialect);

    [Fact]
    public void The_same_shape_with_new_values_reuses_the_text_and_binds_the_new_values_in_order()
    {
        static SqlQuery Build(int min, string country, long[] ids) =>
            new SqlQuery("users").Join("orders", "orders.user_id", "=", "users.id")
                .Where("age", ">=", min).Where(g => g.Where("country", country).OrWhereNull("country")).WhereIn("users.id", ids)
                .OrderBy("name").Limit(10).Offset(20);

        foreach (var dialect in Dialects)
        {
            var first = Build(18, "uk", [1, 2]).ToSql(dialect);
            var second = Build(40, "fr", [7, 8]).ToSql(dialect);

            Assert.Same(first.Text, second.Text);
            Assert.Equal(PagingCount.Bound(dialect, [40, "fr", 7L, 8L, new PagingCount(10), new PagingCount(20)]), RenderedValues.Flat(second.Values));
            Assert.Equal(Uncached(Build(40, "fr", [7, 8]).Node, dialect), second, RenderedComparer.Instance);
        }
    }

    [Fact]
    public void Counts_written_into_the_text_are_part_of_the_shape()
    {
        static SqlQuery Page(int size, int skip) => new SqlQuery("users").Where("age", ">=", 18).OrderBy("id").Limit(size).Offset(skip);

        foreach (var dialect in Dialects)
        {
            var first = Page(10, 0).ToSql(dialect);
            var second = Page(25, 50).ToSql(dialect);

            Assert.Equal(Uncached(Page(25, 50).Node, dialect), second, RenderedComparer.Instance);
            if (dialect.InlinesPagingCounts) Assert.EndsWith("LIMIT 25 OFFSET 50", second.Text);
            else Assert.Same(first.Text, second.Text);
        }
    }

    [Fact]
    public void A_cached_shape_compiles_without_walking_the_compiler()
    {
        var query = new SqlQuery("users").Join("orders", "orders.user_id", "=", "users.id")
            .Where("age", ">=", 18).Where("country", "uk").WhereNotNull("name").OrderBy("name").Limit(10);
        foreach (var dialect in Dialects)
        {
            query.ToSql(dialect);
            var before = GC.GetAllocatedBytesForCurrentThread();
            query.ToSql(dialect);
            var cached = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            Uncached(query.Node, dialect);
            var compiled = GC.GetAllocatedBytesForCurrentThread() - before;

            // Only the values array is new on a hit; the compiler builds dozens of fragments.
            Assert.True(cached < 200, $"{dialect.Name}: a cached compile allocated {cached} bytes.");
            Assert.True(compiled > 5 * cached, $"{dialect.Name}: compiling allocated {compiled} bytes, the cache {cached}.");
        }
    }

    [Fact]
    public void A_list_of_another_length_is_another_shape()
    {
        foreach (var dialect in Dialects)
        {
            var two = new SqlQuery("users").WhereIn("id", new[] { 1, 2 }).ToSql(dialect);
            var three = new SqlQuery("users").WhereIn("id", new[] { 1, 2, 3 }).ToSql(dialect);

            if (dialect is Postgres.PostgresDialect)
            {
                // PostgreSQL sends a list as one array: one text for every length.
                Assert.Equal(two.Text, three.Text);
                Assert.Equal([1, 2, 3], Assert.IsType<InListValues>(Assert.Single(three.Values)).Items);
            }
            else
            {
                Assert.NotEqual(two.Text, three.Text);
                Assert.Equal(3, three.Values.Length);
            }
        }
    }

    [Fact]
    public void Names_built_at_run_time_compile_correctly_every_time()
    {
        foreach (var dialect in Dialects)
        {
            for (var i = 0; i < 3; i++)
            {
                var column = string.Concat("col", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var rendered = new SqlQuery("t").Where(column, "=", i).ToSql(dialect);
                Assert.Contains(column, rendered.Text, StringComparison.Ordinal);
                Assert.Equal(new object?[] { i }, rendered.Values);
            }
        }
    }

    [Fact]
    public void Random_queries_compile_the_same_from_the_cache_as_without_it()
    {
        for (var seed = 0; seed < 400; seed++)
        {
            foreach (var dialect in Dialects)
            {
                // Same structure seed, two value seeds: the second query hits the entry the first stored.
                var first = Random(new Random(seed), new Random(1000 + seed));
                var second = Random(new Random(seed), new Random(5000 + seed));
                foreach (var query in new[] { first, second, second })
                {
                    var expected = Uncached(query.Node, dialect);
                    var actual = QueryShapeCache.Render(query.Node, SqlStatementKind.Select, dialect);
                    Assert.Equal(expected, actual, RenderedComparer.Instance);
                    var count = QueryShapeCache.Render(query.Node, SqlStatementKind.Count, dialect);
                    Assert.Equal(QueryCompiler.Default.CompileCount(query.Node, dialect).Render(dialect), count, RenderedComparer.Instance);
                }
            }
        }
    }

    [Fact]
    public void An_update_by_key_run_again_reuses_the_text_and_binds_the_set_values_before_the_key()
    {
        foreach (var dialect in Dialects)
        {
            var node = new SqlQuery("users").Where("id", 7L).Node;
            var first = QueryShapeCache.RenderUpdate(node, [new("name", "ann"), new("age", 30)], dialect);
            var again = QueryShapeCache.RenderUpdate(new SqlQuery("users").Where("id", 8L).Node, [new("name", "bob"), new("age", 41)], dialect);

            Assert.Same(first.Text, again.Text);
            Assert.Equal(["bob", 41, 8L], again.Values);
        }
    }

    [Fact]
    public void Random_updates_compile_the_same_from_the_cache_as_without_it()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            foreach (var dialect in Dialects)
            {
                var first = RandomUpdate(new Random(seed), new Random(1000 + seed), dialect);
                var second = RandomUpdate(new Random(seed), new Random(5000 + seed), dialect);
                foreach (var (node, values) in new[] { first, second, second })
                {
                    RenderedSql expected;
                    try
                    {
                        expected = QueryCompiler.Default.CompileUpdate(node, values, dialect).Render(dialect);
                    }
                    catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
                    {
                        Assert.Throws(e.GetType(), () => QueryShapeCache.RenderUpdate(node, values, dialect));
                        continue;
                    }
                    Assert.Equal(expected, QueryShapeCache.RenderUpdate(node, values, dialect), RenderedComparer.Instance);
                }
            }
        }
    }

    private static (QueryNode Node, KeyValuePair<string, object?>[] Values) RandomUpdate(Random shape, Random values, SqlDialect dialect)
    {
        var query = new SqlQuery("users");
        if (shape.Next(4) == 0) query = new SqlQuery("users AS u").Join("orders", "orders.user_id", "=", "u.id");
        if (shape.Next(6) == 0) query = query.With("recent", new SqlQuery("orders").Select("user_id").Where("total", ">", values.Next(500)));
        var conditions = shape.Next(4);
        for (var i = 0; i < conditions; i++) query = Condition(query, shape, values, depth: 0);
        if (conditions == 0 && shape.Next(2) == 0) query = query.All();
        if (dialect.SupportsUpdateReturning && shape.Next(2) == 0) query = query.Returning(shape.Next(2) == 0 ? "*" : "id");
        var set = new List<KeyValuePair<string, object?>>();
        foreach (var column in new[] { "name", "age", "email" })
        {
            if (shape.Next(3) == 0) continue;
            set.Add(new(column, shape.Next(4) == 0 ? Sql.Identifier(column) + Sql.Raw(" + ") + Sql.Parameter(values.Next(9)) : values.Next(100)));
        }
        if (set.Count == 0) set.Add(new("name", "n" + values.Next(9).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (query.Node, [.. set]);
    }

    private static SqlQuery Random(Random shape, Random values)
    {
        var query = new SqlQuery("users");
        if (shape.Next(3) == 0) query = query.Join("orders", "orders.user_id", "=", "users.id");
        if (shape.Next(4) == 0) query = query.Select("id", "name");
        if (shape.Next(5) == 0) query = query.Distinct();
        var conditions = shape.Next(6);
        for (var i = 0; i < conditions; i++) query = Condition(query, shape, values, depth: 0);
        if (shape.Next(3) == 0) query = query.OrderBy(Columns[shape.Next(Columns.Length)], shape.Next(2) == 0 ? SortDirection.Ascending : SortDirection.Descending);
        if (shape.Next(3) == 0) query = query.Limit(values.Next(1, 100));
        if (shape.Next(4) == 0) query = query.Offset(values.Next(0, 100));
        if (shape.Next(6) == 0) query = query.GroupBy("country").Having($"COUNT(*) > {values.Next(5)}");
        if (shape.Next(8) == 0) query = query.Union(new SqlQuery("admins").Select("id", "name").Where("age", ">", values.Next(99)));
        return query;
    }

    private static TSelf Condition<TSelf>(TSelf query, Random shape, Random values, int depth) where TSelf : ConditionBuilder<TSelf>
    {
        var column = Columns[shape.Next(Columns.Length)];
        return shape.Next(depth < 2 ? 9 : 7) switch
        {
            0 => query.Where(column, ComparisonOperatorsForTest[shape.Next(ComparisonOperatorsForTest.Length)], values.Next(1000)),
            1 => query.OrWhere(column, "=", "v" + values.Next(50).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            2 => query.WhereNull(column),
            3 => query.WhereIn(column, Enumerable.Range(0, shape.Next(4)).Select(_ => (object)values.Next(100)).ToArray()),
            4 => query.WhereBetween(column, values.Next(10), values.Next(10, 20)),
            5 => query.WhereRaw($"{Sql.Identifier(column)} % {values.Next(2, 9)} = {values.Next(2)}"),
            6 => query.WhereIn(column, new SqlQuery("orders").Select("user_id").Where("total", ">", values.Next(500))),
            7 => query.Where(g => Condition(Condition(g, shape, values, depth + 1), shape, values, depth + 1)),
            _ => query.WhereNot(g => Condition(g, shape, values, depth + 1)),
        };
    }

    private static readonly string[] ComparisonOperatorsForTest = ["=", "<>", "<", "<=", ">", ">="];

    private sealed class RenderedComparer : IEqualityComparer<RenderedSql>
    {
        public static readonly RenderedComparer Instance = new();

        public bool Equals(RenderedSql x, RenderedSql y) => x.Text == y.Text && RenderedValues.Same(x.Values, y.Values);

        public int GetHashCode(RenderedSql obj) => obj.Text.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_through_a_query_bound_to_no_session_names_the_method_called()
    {
        var insert = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqlQuery("users").InsertAsync(new { name = "x" }));
        Assert.StartsWith("InsertAsync needs a query bound to a session", insert.Message, StringComparison.Ordinal);
        var update = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqlQuery("users").Returning("id").UpdateAsync<long>(new { name = "x" }));
        Assert.StartsWith("UpdateAsync needs a query bound to a session", update.Message, StringComparison.Ordinal);
    }
}
