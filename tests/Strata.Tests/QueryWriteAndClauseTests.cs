using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>Golden SQL for multi-row writes, upserts, RETURNING and the further read clauses, per dialect side by side.</summary>
public class QueryWriteAndClauseTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();
    private static readonly SqlDialect MariaDb = new MariaDbDialect();

    private static SqlQuery Users => new("users");

    private static void Golden(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mysql, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MySql, mysql) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(PagingCount.Bound(dialect, values), rendered.Values);
        }
    }

    private static void Golden(SqlQuery query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    [Fact]
    public void Insert_many_writes_every_row_in_one_statement()
    {
        var rows = new object[] { new { Name = "ada", Age = 36 }, new Dictionary<string, object?> { ["age"] = 41, ["name"] = "alan" } };
        Golden(d => Assert.Single(Users.ToInsertManySql(rows, d)),
            "INSERT INTO \"users\" (\"name\", \"age\") VALUES (@p0, @p1), (@p2, @p3)",
            "INSERT INTO \"users\" (\"name\", \"age\") VALUES ($1, $2), ($3, $4)",
            "INSERT INTO `users` (`name`, `age`) VALUES (@p0, @p1), (@p2, @p3)",
            "ada", 36, "alan", 41);
        Assert.Empty(Users.ToInsertManySql(Array.Empty<object>(), Sqlite));
    }

    [Fact]
    public void Insert_many_refuses_rows_with_different_columns()
    {
        var rows = new object[] { new { Name = "ada", Age = 36 }, new { Name = "alan" } };
        var e = Assert.Throws<ArgumentException>(() => Users.ToInsertManySql(rows, Sqlite));
        Assert.Contains("Row 2 sets (name)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Users.ToInsertManySql(new object[] { new { Name = "a" }, null! }, Sqlite));
        Assert.Throws<ArgumentException>(() => Users.ToInsertManySql(new Dictionary<string, object?> { ["a"] = 1 }, Sqlite));
    }

    [Fact]
    public void Insert_many_splits_into_batches_under_the_parameter_limit()
    {
        var rows = Enumerable.Range(1, 5).Select(i => new { Id = i, Name = "n" + i }).ToArray();
        var batches = Users.ToInsertManySql(rows, new FiveParameterDialect());

        Assert.Equal(3, batches.Count);
        Assert.Equal("INSERT INTO \"users\" (\"id\", \"name\") VALUES ($1, $2), ($3, $4)", batches[0].Text);
        Assert.Equal([1, "n1", 2, "n2"], batches[0].Values);
        Assert.Equal([3, "n3", 4, "n4"], batches[1].Values);
        Assert.Equal("INSERT INTO \"users\" (\"id\", \"name\") VALUES ($1, $2)", batches[2].Text);
        Assert.Equal([5, "n5"], batches[2].Values);
        Assert.All(batches, b => Assert.True(b.Values.Length <= 5));

        var wide = new[] { Enumerable.Range(0, 6).ToDictionary(i => "c" + i, i => (object?)i) };
        Assert.Throws<ArgumentException>(() => Users.ToInsertManySql(wide, new FiveParameterDialect()));
    }

    [Fact]
    public void Insert_many_counts_the_parameters_inside_sql_values()
    {
        var rows = Enumerable.Range(1, 3).Select(i => new Dictionary<string, object?> { ["id"] = i, ["at"] = (Sql)$"now() + {i} * {2}" }).ToArray();
        var batches = Users.ToInsertManySql(rows, new FiveParameterDialect());

        Assert.Equal(3, batches.Count);
        Assert.Equal("INSERT INTO \"users\" (\"id\", \"at\") VALUES ($1, now() + $2 * $3)", batches[0].Text);
    }

    [Fact]
    public void Upsert_updates_the_other_columns_on_a_conflict()
    {
        Golden(d => Users.ToUpsertSql(new { Email = "a@b.c", Name = "ada", Age = 36 }, ["email"], dialect: d),
            "INSERT INTO \"users\" (\"email\", \"name\", \"age\") VALUES (@p0, @p1, @p2) ON CONFLICT (\"email\") DO UPDATE SET \"name\" = excluded.\"name\", \"age\" = excluded.\"age\"",
            "INSERT INTO \"users\" (\"email\", \"name\", \"age\") VALUES ($1, $2, $3) ON CONFLICT (\"email\") DO UPDATE SET \"name\" = excluded.\"name\", \"age\" = excluded.\"age\"",
            "INSERT INTO `users` (`email`, `name`, `age`) VALUES (@p0, @p1, @p2) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `age` = VALUES(`age`)",
            "a@b.c", "ada", 36);
    }

    [Fact]
    public void Upsert_with_chosen_or_no_update_columns()
    {
        Golden(d => Users.ToUpsertSql(new { Email = "a@b.c", Name = "ada", Age = 36 }, ["email"], ["age"], d),
            "INSERT INTO \"users\" (\"email\", \"name\", \"age\") VALUES (@p0, @p1, @p2) ON CONFLICT (\"email\") DO UPDATE SET \"age\" = excluded.\"age\"",
            "INSERT INTO \"users\" (\"email\", \"name\", \"age\") VALUES ($1, $2, $3) ON CONFLICT (\"email\") DO UPDATE SET \"age\" = excluded.\"age\"",
            "INSERT INTO `users` (`email`, `name`, `age`) VALUES (@p0, @p1, @p2) ON DUPLICATE KEY UPDATE `age` = VALUES(`age`)",
            "a@b.c", "ada", 36);
        Golden(d => Users.ToUpsertSql(new { Email = "a@b.c" }, ["email"], dialect: d),
            "INSERT INTO \"users\" (\"email\") VALUES (@p0) ON CONFLICT (\"email\") DO NOTHING",
            "INSERT INTO \"users\" (\"email\") VALUES ($1) ON CONFLICT (\"email\") DO NOTHING",
            "INSERT INTO `users` (`email`) VALUES (@p0) ON DUPLICATE KEY UPDATE `email` = `email`",
            "a@b.c");
        Assert.Throws<ArgumentException>(() => Users.ToUpsertSql(new { Name = "x" }, ["email"], dialect: Sqlite));
        Assert.Throws<ArgumentException>(() => Users.ToUpsertSql(new { Email = "x" }, ["email"], ["age"], Sqlite));
        Assert.Throws<ArgumentException>(() => Users.ToUpsertSql(new { Email = "x" }, [], dialect: Sqlite));
        Assert.Throws<ArgumentException>(() => Users.ToUpsertSql(new { Email = "x" }, ["email; drop table users"], dialect: Sqlite));
    }

    [Fact]
    public void Returning_on_a_single_insert_is_native_or_reads_the_last_insert_id()
    {
        Golden(d => Users.Returning("id").ToInsertSql(new { Name = "ada" }, d),
            "INSERT INTO \"users\" (\"name\") VALUES (@p0) RETURNING \"id\"",
            "INSERT INTO \"users\" (\"name\") VALUES ($1) RETURNING \"id\"",
            "INSERT INTO `users` (`name`) VALUES (@p0); SELECT LAST_INSERT_ID() AS `id`",
            "ada");
        Assert.Equal("INSERT INTO `users` (`name`) VALUES (@p0) RETURNING `id`, `name`", Users.Returning("id", "name").ToInsertSql(new { Name = "ada" }, MariaDb).Text);
    }

    [Fact]
    public void Returning_on_update_delete_and_many_rows()
    {
        Assert.Equal("UPDATE \"users\" SET \"age\" = $1 WHERE \"id\" = $2 RETURNING \"id\", \"age\"",
            Users.Where("id", 1).Returning("id", "age").ToUpdateSql(new { Age = 2 }, Postgres).Text);
        Assert.Equal("DELETE FROM \"users\" WHERE \"id\" = @p0 RETURNING *", Users.Where("id", 1).Returning("*").ToDeleteSql(Sqlite).Text);
        Assert.Equal("DELETE FROM `users` WHERE `id` = @p0 RETURNING `id`", Users.Where("id", 1).Returning("id").ToDeleteSql(MariaDb).Text);
        Assert.Equal("INSERT INTO \"users\" (\"name\") VALUES (@p0), (@p1) RETURNING \"id\"",
            Assert.Single(Users.Returning("id").ToInsertManySql(new[] { new { Name = "a" }, new { Name = "b" } }, Sqlite)).Text);
        Assert.Equal("INSERT INTO \"users\" (\"email\") VALUES ($1) ON CONFLICT (\"email\") DO NOTHING RETURNING \"id\"",
            Users.Returning("id").ToUpsertSql(new { Email = "x" }, ["email"], dialect: Postgres).Text);
    }

    [Fact]
    public void Returning_more_than_a_single_generated_key_is_refused_where_the_dialect_lacks_it()
    {
        var two = Users.Returning("id", "name");
        Assert.Throws<NotSupportedException>(() => two.ToInsertSql(new { Name = "a" }, MySql));
        Assert.Throws<NotSupportedException>(() => Users.Returning("id").ToInsertManySql(new[] { new { Name = "a" }, new { Name = "b" } }, MySql));
        Assert.Throws<NotSupportedException>(() => Users.Returning("id").ToUpsertSql(new { Email = "x" }, ["email"], dialect: MySql));
        Assert.Throws<NotSupportedException>(() => Users.Where("id", 1).Returning("id").ToUpdateSql(new { Age = 1 }, MySql));
        Assert.Throws<NotSupportedException>(() => Users.Where("id", 1).Returning("id").ToUpdateSql(new { Age = 1 }, MariaDb));
        Assert.Throws<NotSupportedException>(() => Users.Where("id", 1).Returning("id").ToDeleteSql(MySql));
        Assert.Throws<ArgumentException>(() => Users.Returning());
        Assert.Throws<ArgumentException>(() => Users.Returning("id; --"));
    }

    [Fact]
    public void Insert_from_a_select()
    {
        var select = new SqlQuery("old_users").Select("name", "age").Where("age", ">", 18);
        Golden(d => Users.ToInsertFromSql(["name", "age"], select, d),
            "INSERT INTO \"users\" (\"name\", \"age\") SELECT \"name\", \"age\" FROM \"old_users\" WHERE \"age\" > @p0",
            "INSERT INTO \"users\" (\"name\", \"age\") SELECT \"name\", \"age\" FROM \"old_users\" WHERE \"age\" > $1",
            "INSERT INTO `users` (`name`, `age`) SELECT `name`, `age` FROM `old_users` WHERE `age` > @p0",
            18);
        Assert.Throws<ArgumentException>(() => Users.ToInsertFromSql([], select, Sqlite));
        Assert.Throws<InvalidOperationException>(() => Users.Where("a", 1).ToInsertFromSql(["name"], select, Sqlite));
    }

    [Fact]
    public void Increment_adds_to_the_column_in_sql()
    {
        Golden(d => Users.Where("id", 7).ToIncrementSql("visits", 3, d),
            "UPDATE \"users\" SET \"visits\" = \"visits\" + @p0 WHERE \"id\" = @p1",
            "UPDATE \"users\" SET \"visits\" = \"visits\" + $1 WHERE \"id\" = $2",
            "UPDATE `users` SET `visits` = `visits` + @p0 WHERE `id` = @p1",
            3L, 7);
        Assert.Throws<InvalidOperationException>(() => Users.ToIncrementSql("visits", 1, Sqlite));
        Assert.Throws<ArgumentException>(() => Users.All().ToIncrementSql("visits + 1", 1, Sqlite));
    }

    [Fact]
    public void Right_full_and_cross_joins()
    {
        Golden(Users.RightJoin("orders", "users.id", "=", "orders.user_id").CrossJoin("days"),
            "SELECT * FROM \"users\" RIGHT JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" CROSS JOIN \"days\"",
            "SELECT * FROM \"users\" RIGHT JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" CROSS JOIN \"days\"",
            "SELECT * FROM `users` RIGHT JOIN `orders` ON `users`.`id` = `orders`.`user_id` CROSS JOIN `days`");
        var full = Users.FullJoin("orders", "users.id", "=", "orders.user_id");
        Assert.Equal("SELECT * FROM \"users\" FULL JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\"", full.ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"users\" FULL JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\"", full.ToSql(Sqlite).Text);
        Assert.Contains("FULL JOIN", Assert.Throws<NotSupportedException>(() => full.ToSql(MySql)).Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => full.ToSql(MariaDb));
    }

    [Fact]
    public void Join_on_several_conditions()
    {
        Golden(Users.Join("orders", j => j.On("users.id", "=", "orders.user_id").On("orders.region", "=", "users.region")).LeftJoin("notes", j => j.On("notes.user_id", "=", "users.id")),
            "SELECT * FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" AND \"orders\".\"region\" = \"users\".\"region\" LEFT JOIN \"notes\" ON \"notes\".\"user_id\" = \"users\".\"id\"",
            "SELECT * FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" AND \"orders\".\"region\" = \"users\".\"region\" LEFT JOIN \"notes\" ON \"notes\".\"user_id\" = \"users\".\"id\"",
            "SELECT * FROM `users` INNER JOIN `orders` ON `users`.`id` = `orders`.`user_id` AND `orders`.`region` = `users`.`region` LEFT JOIN `notes` ON `notes`.`user_id` = `users`.`id`");
        Assert.Throws<ArgumentException>(() => Users.Join("orders", j => j));
        Assert.Throws<ArgumentException>(() => Users.Join("orders", j => j.On("a", "== 1 or", "b")));
        Assert.Throws<ArgumentException>(() => Users.Join(JoinKind.Cross, "orders", j => j.On("a", "=", "b")));
    }

    [Fact]
    public void Union_and_union_all_with_order_and_paging_over_the_whole()
    {
        Golden(Users.Select("name").Where("age", ">", 60).Union(new SqlQuery("admins").Select("name")).UnionAll(new SqlQuery("guests").Select("name").Where("id", 3)).OrderBy("name").Limit(5),
            "SELECT \"name\" FROM \"users\" WHERE \"age\" > @p0 UNION SELECT \"name\" FROM \"admins\" UNION ALL SELECT \"name\" FROM \"guests\" WHERE \"id\" = @p1 ORDER BY \"name\" ASC LIMIT 5",
            "SELECT \"name\" FROM \"users\" WHERE \"age\" > $1 UNION SELECT \"name\" FROM \"admins\" UNION ALL SELECT \"name\" FROM \"guests\" WHERE \"id\" = $2 ORDER BY \"name\" ASC LIMIT $3",
            "SELECT `name` FROM `users` WHERE `age` > @p0 UNION SELECT `name` FROM `admins` UNION ALL SELECT `name` FROM `guests` WHERE `id` = @p1 ORDER BY `name` ASC LIMIT @p2",
            60, 3, new PagingCount(5));
        Assert.Throws<InvalidOperationException>(() => Users.Union(new SqlQuery("admins").OrderBy("name")).ToSql(Sqlite));
        Assert.Throws<InvalidOperationException>(() => Users.Union(new SqlQuery("admins").Limit(1)).ToSql(Sqlite));
    }

    [Fact]
    public void Common_table_expressions_plain_and_recursive()
    {
        Golden(new SqlQuery("adults").With("adults", Users.Where("age", ">=", 18)).Select("name"),
            "WITH \"adults\" AS (SELECT * FROM \"users\" WHERE \"age\" >= @p0) SELECT \"name\" FROM \"adults\"",
            "WITH \"adults\" AS (SELECT * FROM \"users\" WHERE \"age\" >= $1) SELECT \"name\" FROM \"adults\"",
            "WITH `adults` AS (SELECT * FROM `users` WHERE `age` >= @p0) SELECT `name` FROM `adults`",
            18);
        var anchor = new SqlQuery("categories").Select("id", "parent_id").Where("id", 1);
        var step = new SqlQuery("categories").Select("categories.id", "categories.parent_id").Join("tree", "categories.parent_id", "=", "tree.id");
        Golden(new SqlQuery("tree").WithRecursive("tree", ["id", "parent_id"], anchor, step).Select("id"),
            "WITH RECURSIVE \"tree\" (\"id\", \"parent_id\") AS (SELECT \"id\", \"parent_id\" FROM \"categories\" WHERE \"id\" = @p0 UNION ALL SELECT \"categories\".\"id\", \"categories\".\"parent_id\" FROM \"categories\" INNER JOIN \"tree\" ON \"categories\".\"parent_id\" = \"tree\".\"id\") SELECT \"id\" FROM \"tree\"",
            "WITH RECURSIVE \"tree\" (\"id\", \"parent_id\") AS (SELECT \"id\", \"parent_id\" FROM \"categories\" WHERE \"id\" = $1 UNION ALL SELECT \"categories\".\"id\", \"categories\".\"parent_id\" FROM \"categories\" INNER JOIN \"tree\" ON \"categories\".\"parent_id\" = \"tree\".\"id\") SELECT \"id\" FROM \"tree\"",
            "WITH RECURSIVE `tree` (`id`, `parent_id`) AS (SELECT `id`, `parent_id` FROM `categories` WHERE `id` = @p0 UNION ALL SELECT `categories`.`id`, `categories`.`parent_id` FROM `categories` INNER JOIN `tree` ON `categories`.`parent_id` = `tree`.`id`) SELECT `id` FROM `tree`",
            1);
        Assert.Throws<ArgumentException>(() => new SqlQuery("t").WithRecursive("t", ["id"], anchor));
        Assert.Throws<ArgumentException>(() => new SqlQuery("t").WithRecursive("t", [], anchor, step));
        Assert.Throws<ArgumentException>(() => new SqlQuery("t").With("a.b", anchor));
        Assert.Throws<ArgumentException>(() => new SqlQuery("t").With("a", anchor).With("A", anchor));
    }

    [Fact]
    public void Order_by_nulls_first_or_last_is_native_or_emulated()
    {
        Golden(Users.OrderBy("score", SortDirection.Descending, NullsOrder.Last).OrderBy("name", SortDirection.Ascending, NullsOrder.First),
            "SELECT * FROM \"users\" ORDER BY \"score\" DESC NULLS LAST, \"name\" ASC NULLS FIRST",
            "SELECT * FROM \"users\" ORDER BY \"score\" DESC NULLS LAST, \"name\" ASC NULLS FIRST",
            "SELECT * FROM `users` ORDER BY `score` IS NULL ASC, `score` DESC, `name` IS NULL DESC, `name` ASC");
        Assert.Equal("SELECT * FROM \"users\" ORDER BY \"a\" ASC", Users.OrderBy("a", SortDirection.Ascending, NullsOrder.Default).ToSql(Sqlite).Text);
    }

    [Fact]
    public void Skip_locked_and_nowait_lock_rows_where_the_dialect_has_row_locks()
    {
        Golden(Users.Where("state", "new").Limit(1).SkipLocked(),
            "SELECT * FROM \"users\" WHERE \"state\" = @p0 LIMIT 1",
            "SELECT * FROM \"users\" WHERE \"state\" = $1 LIMIT 1 FOR UPDATE SKIP LOCKED",
            "SELECT * FROM `users` WHERE `state` = @p0 LIMIT 1 FOR UPDATE SKIP LOCKED",
            "new");
        Golden(Users.Where("id", 1).NoWait(),
            "SELECT * FROM \"users\" WHERE \"id\" = @p0",
            "SELECT * FROM \"users\" WHERE \"id\" = $1 FOR UPDATE NOWAIT",
            "SELECT * FROM `users` WHERE `id` = @p0 FOR UPDATE NOWAIT",
            1);
    }

    [Fact]
    public void Where_in_subquery_exists_and_ilike()
    {
        var buyers = new SqlQuery("orders").Select("user_id").Where("total", ">", 100);
        Golden(Users.WhereIn("id", buyers).WhereNotIn("id", new SqlQuery("bans").Select("user_id")).WhereExists(new SqlQuery("notes").WhereRaw($"{Sql.Identifier("notes.user_id")} = {Sql.Identifier("users.id")}"))
                .WhereNotExists(new SqlQuery("flags").Where("kind", "spam")).WhereILike("name", "ad%"),
            "SELECT * FROM \"users\" WHERE \"id\" IN (SELECT \"user_id\" FROM \"orders\" WHERE \"total\" > @p0) AND \"id\" NOT IN (SELECT \"user_id\" FROM \"bans\") AND EXISTS (SELECT * FROM \"notes\" WHERE (\"notes\".\"user_id\" = \"users\".\"id\")) AND NOT EXISTS (SELECT * FROM \"flags\" WHERE \"kind\" = @p1) AND LOWER(\"name\") LIKE LOWER(@p2)",
            "SELECT * FROM \"users\" WHERE \"id\" IN (SELECT \"user_id\" FROM \"orders\" WHERE \"total\" > $1) AND \"id\" NOT IN (SELECT \"user_id\" FROM \"bans\") AND EXISTS (SELECT * FROM \"notes\" WHERE (\"notes\".\"user_id\" = \"users\".\"id\")) AND NOT EXISTS (SELECT * FROM \"flags\" WHERE \"kind\" = $2) AND \"name\" ILIKE $3",
            "SELECT * FROM `users` WHERE `id` IN (SELECT `user_id` FROM `orders` WHERE `total` > @p0) AND `id` NOT IN (SELECT `user_id` FROM `bans`) AND EXISTS (SELECT * FROM `notes` WHERE (`notes`.`user_id` = `users`.`id`)) AND NOT EXISTS (SELECT * FROM `flags` WHERE `kind` = @p1) AND LOWER(`name`) LIKE LOWER(@p2)",
            100, "spam", "ad%");
        Golden(Users.Where("a", 1).Where(g => g.OrWhereExists(new SqlQuery("x").Where("b", 2)).OrWhereILike("name", "z")).WhereNotILike("name", "q"),
            "SELECT * FROM \"users\" WHERE \"a\" = @p0 AND (EXISTS (SELECT * FROM \"x\" WHERE \"b\" = @p1) OR LOWER(\"name\") LIKE LOWER(@p2)) AND LOWER(\"name\") NOT LIKE LOWER(@p3)",
            "SELECT * FROM \"users\" WHERE \"a\" = $1 AND (EXISTS (SELECT * FROM \"x\" WHERE \"b\" = $2) OR \"name\" ILIKE $3) AND \"name\" NOT ILIKE $4",
            "SELECT * FROM `users` WHERE `a` = @p0 AND (EXISTS (SELECT * FROM `x` WHERE `b` = @p1) OR LOWER(`name`) LIKE LOWER(@p2)) AND LOWER(`name`) NOT LIKE LOWER(@p3)",
            1, 2, "z", "q");
    }

    [Fact]
    public void From_a_subquery_with_an_alias()
    {
        var totals = new SqlQuery("orders").Select("user_id").SelectRaw($"SUM({Sql.Identifier("total")})", "spent").GroupBy("user_id");
        Golden(totals.AsSubquery("t").Where("t.spent", ">", 50).OrderByDescending("spent"),
            "SELECT * FROM (SELECT \"user_id\", SUM(\"total\") AS \"spent\" FROM \"orders\" GROUP BY \"user_id\") \"t\" WHERE \"t\".\"spent\" > @p0 ORDER BY \"spent\" DESC",
            "SELECT * FROM (SELECT \"user_id\", SUM(\"total\") AS \"spent\" FROM \"orders\" GROUP BY \"user_id\") \"t\" WHERE \"t\".\"spent\" > $1 ORDER BY \"spent\" DESC",
            "SELECT * FROM (SELECT `user_id`, SUM(`total`) AS `spent` FROM `orders` GROUP BY `user_id`) `t` WHERE `t`.`spent` > @p0 ORDER BY `spent` DESC",
            50);
        Assert.Throws<ArgumentException>(() => totals.AsSubquery("t; drop"));
        Assert.Throws<InvalidOperationException>(() => totals.AsSubquery("t").ToDeleteSql(Sqlite));
    }

    [Fact]
    public void Hand_built_nodes_with_hostile_names_are_refused_when_compiled()
    {
        const string Evil = "x\"; DROP TABLE users; --";
        var body = new QueryNode("users");
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { With = [new CommonTableExpression(Evil, [], body, false)] }).ToSql(Postgres));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { With = [new CommonTableExpression("c", [Evil], body, true)] }).ToSql(Postgres));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("t") { FromSubquery = new DerivedTable(body, Evil) }).ToSql(Postgres));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { Joins = [new JoinClause(JoinKind.Inner, "o", "a", ComparisonOperator.Equal, "b") { More = [new JoinOn(Evil, ComparisonOperator.Equal, "b")] }] }).ToSql(Postgres));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { Returning = [Evil] }).ToInsertSql(new { A = 1 }, Postgres));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { Where = [new(LogicalOperator.And, new ILikeCondition(Evil, "a", false))] }).ToSql(MySql));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users") { OrderBy = [new OrderClause(Evil, SortDirection.Ascending) { Nulls = NullsOrder.First }] }).ToSql(MySql));
    }

    [Fact]
    public void Or_where_in_a_subquery()
    {
        Golden(Users.Where("vip", true).OrWhereIn("id", new SqlQuery("orders").Select("user_id")),
            "SELECT * FROM \"users\" WHERE \"vip\" = @p0 OR \"id\" IN (SELECT \"user_id\" FROM \"orders\")",
            "SELECT * FROM \"users\" WHERE \"vip\" = $1 OR \"id\" IN (SELECT \"user_id\" FROM \"orders\")",
            "SELECT * FROM `users` WHERE `vip` = @p0 OR `id` IN (SELECT `user_id` FROM `orders`)",
            true);
    }

    private sealed class FiveParameterDialect : PostgresDialect
    {
        public override int MaxParameters => 5;
    }
}
