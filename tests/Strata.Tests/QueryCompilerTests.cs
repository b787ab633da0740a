using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>Golden SQL: each builder feature compiled for SQLite, PostgreSQL and MySQL side by side.</summary>
public class QueryCompilerTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    private static SqlQuery Users => new("users");

    private static void Golden(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mysql, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MySql, mysql) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(PagingCount.Bound(dialect, values), RenderedValues.Flat(rendered.Values));
        }
    }

    private static void Golden(SqlQuery query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    [Fact]
    public void Select_without_columns_selects_star()
    {
        Golden(Users,
            "SELECT * FROM \"users\"",
            "SELECT * FROM \"users\"",
            "SELECT * FROM `users`");
    }

    [Fact]
    public void Select_columns_aliases_and_distinct()
    {
        Golden(new SqlQuery("app.users").Select("id", "users.name", "users.*").SelectAs("email", "mail").Distinct(),
            "SELECT DISTINCT \"id\", \"users\".\"name\", \"users\".*, \"email\" AS \"mail\" FROM \"app\".\"users\"",
            "SELECT DISTINCT \"id\", \"users\".\"name\", \"users\".*, \"email\" AS \"mail\" FROM \"app\".\"users\"",
            "SELECT DISTINCT `id`, `users`.`name`, `users`.*, `email` AS `mail` FROM `app`.`users`");
    }

    [Fact]
    public void Where_comparisons_join_with_and_or()
    {
        Golden(Users.Where("age", ">", 18).Where("name", "ada").OrWhere("name", "LIKE", "a%").Where("bio", "not like", "%x%")
                .Where("id", "!=", 3).Where("score", ComparisonOperator.LessThanOrEqual, 9.5),
            "SELECT * FROM \"users\" WHERE \"age\" > @p0 AND \"name\" = @p1 OR \"name\" LIKE @p2 AND \"bio\" NOT LIKE @p3 AND \"id\" <> @p4 AND \"score\" <= @p5",
            "SELECT * FROM \"users\" WHERE \"age\" > $1 AND \"name\" = $2 OR \"name\" LIKE $3 AND \"bio\" NOT LIKE $4 AND \"id\" <> $5 AND \"score\" <= $6",
            "SELECT * FROM `users` WHERE `age` > @p0 AND `name` = @p1 OR `name` LIKE @p2 AND `bio` NOT LIKE @p3 AND `id` <> @p4 AND `score` <= @p5",
            18, "ada", "a%", "%x%", 3, 9.5);
    }

    [Fact]
    public void Null_checks_and_comparisons_with_null()
    {
        Golden(Users.WhereNull("deleted_at").WhereNotNull("email").Where("note", null).Where("tag", "<>", null).OrWhereNull("a").OrWhereNotNull("b"),
            "SELECT * FROM \"users\" WHERE \"deleted_at\" IS NULL AND \"email\" IS NOT NULL AND \"note\" IS NULL AND \"tag\" IS NOT NULL OR \"a\" IS NULL OR \"b\" IS NOT NULL",
            "SELECT * FROM \"users\" WHERE \"deleted_at\" IS NULL AND \"email\" IS NOT NULL AND \"note\" IS NULL AND \"tag\" IS NOT NULL OR \"a\" IS NULL OR \"b\" IS NOT NULL",
            "SELECT * FROM `users` WHERE `deleted_at` IS NULL AND `email` IS NOT NULL AND `note` IS NULL AND `tag` IS NOT NULL OR `a` IS NULL OR `b` IS NOT NULL");
        Assert.Throws<ArgumentException>(() => Users.Where("age", ">", null));
    }

    [Fact]
    public void Where_in_lists_and_empty_lists()
    {
        Golden(Users.WhereIn("id", new[] { 1, 2, 3 }).WhereNotIn("role", new List<string> { "bot" }).OrWhereIn("id", Array.Empty<int>()).WhereNotIn("x", Array.Empty<int>()),
            "SELECT * FROM \"users\" WHERE \"id\" IN (@p0, @p1, @p2) AND \"role\" NOT IN (@p3) OR 1 = 0 AND 1 = 1",
            "SELECT * FROM \"users\" WHERE \"id\" = ANY($1) AND \"role\" <> ALL($2) OR 1 = 0 AND 1 = 1",
            "SELECT * FROM `users` WHERE `id` IN (@p0, @p1, @p2) AND `role` NOT IN (@p3) OR 1 = 0 AND 1 = 1",
            1, 2, 3, "bot");
        Assert.Throws<ArgumentException>(() => Users.WhereIn("name", "abc"));
        Assert.Throws<ArgumentException>(() => Users.Where("id", new[] { 1, 2 }));
    }

    [Fact]
    public void Where_between()
    {
        Golden(Users.WhereBetween("age", 18, 65).OrWhereBetween("score", 1.5, 2.5),
            "SELECT * FROM \"users\" WHERE \"age\" BETWEEN @p0 AND @p1 OR \"score\" BETWEEN @p2 AND @p3",
            "SELECT * FROM \"users\" WHERE \"age\" BETWEEN $1 AND $2 OR \"score\" BETWEEN $3 AND $4",
            "SELECT * FROM `users` WHERE `age` BETWEEN @p0 AND @p1 OR `score` BETWEEN @p2 AND @p3",
            18, 65, 1.5, 2.5);
    }

    [Fact]
    public void Nested_groups_and_not()
    {
        Golden(Users.Where("active", true).Where(g => g.Where("age", "<", 18).OrWhere(h => h.Where("age", ">", 65).WhereNotNull("pension")))
                .WhereNot(g => g.Where("banned", true)).Where(g => g).OrWhereNot(g => g),
            "SELECT * FROM \"users\" WHERE \"active\" = @p0 AND (\"age\" < @p1 OR (\"age\" > @p2 AND \"pension\" IS NOT NULL)) AND NOT (\"banned\" = @p3)",
            "SELECT * FROM \"users\" WHERE \"active\" = $1 AND (\"age\" < $2 OR (\"age\" > $3 AND \"pension\" IS NOT NULL)) AND NOT (\"banned\" = $4)",
            "SELECT * FROM `users` WHERE `active` = @p0 AND (`age` < @p1 OR (`age` > @p2 AND `pension` IS NOT NULL)) AND NOT (`banned` = @p3)",
            true, 18, 65, true);
    }

    [Fact]
    public void A_group_first_in_the_list_takes_no_connector()
    {
        Golden(Users.Where(g => g).OrWhere(g => g.Where("a", 1).OrWhere("b", 2)).Where("c", 3),
            "SELECT * FROM \"users\" WHERE (\"a\" = @p0 OR \"b\" = @p1) AND \"c\" = @p2",
            "SELECT * FROM \"users\" WHERE (\"a\" = $1 OR \"b\" = $2) AND \"c\" = $3",
            "SELECT * FROM `users` WHERE (`a` = @p0 OR `b` = @p1) AND `c` = @p2",
            1, 2, 3);
    }

    [Fact]
    public void Where_raw_is_parenthesized_and_keeps_its_parameters()
    {
        Golden(Users.Where("id", 1).WhereRaw($"lower({Sql.Identifier("email")}) = {"a@b.c"} OR {Sql.Identifier("vip")} = {true}").OrWhereRaw($"1 = {2}"),
            "SELECT * FROM \"users\" WHERE \"id\" = @p0 AND (lower(\"email\") = @p1 OR \"vip\" = @p2) OR (1 = @p3)",
            "SELECT * FROM \"users\" WHERE \"id\" = $1 AND (lower(\"email\") = $2 OR \"vip\" = $3) OR (1 = $4)",
            "SELECT * FROM `users` WHERE `id` = @p0 AND (lower(`email`) = @p1 OR `vip` = @p2) OR (1 = @p3)",
            1, "a@b.c", true, 2);
        Assert.Throws<ArgumentException>(() => Users.WhereRaw(Sql.Empty));
    }

    [Fact]
    public void Inner_and_left_joins()
    {
        Golden(Users.Select("users.name", "orders.total").Join("orders", "users.id", "=", "orders.user_id").LeftJoin("app.notes", "notes.user_id", "=", "users.id").Where("orders.total", ">", 10),
            "SELECT \"users\".\"name\", \"orders\".\"total\" FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" LEFT JOIN \"app\".\"notes\" ON \"notes\".\"user_id\" = \"users\".\"id\" WHERE \"orders\".\"total\" > @p0",
            "SELECT \"users\".\"name\", \"orders\".\"total\" FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" LEFT JOIN \"app\".\"notes\" ON \"notes\".\"user_id\" = \"users\".\"id\" WHERE \"orders\".\"total\" > $1",
            "SELECT `users`.`name`, `orders`.`total` FROM `users` INNER JOIN `orders` ON `users`.`id` = `orders`.`user_id` LEFT JOIN `app`.`notes` ON `notes`.`user_id` = `users`.`id` WHERE `orders`.`total` > @p0",
            10);
    }

    [Fact]
    public void Order_by_with_directions()
    {
        Golden(Users.OrderBy("name").OrderByDescending("created_at").OrderBy("id", SortDirection.Descending),
            "SELECT * FROM \"users\" ORDER BY \"name\" ASC, \"created_at\" DESC, \"id\" DESC",
            "SELECT * FROM \"users\" ORDER BY \"name\" ASC, \"created_at\" DESC, \"id\" DESC",
            "SELECT * FROM `users` ORDER BY `name` ASC, `created_at` DESC, `id` DESC");
        Assert.Throws<ArgumentException>(() => Users.OrderBy("name", (SortDirection)7));
    }

    [Fact]
    public void Group_by_and_having()
    {
        Golden(Users.Select("country").SelectAs("users.city", "c").SelectRaw($"COUNT(*)", "n").SelectRaw($"MAX({Sql.Identifier("age")}) + {1}")
                .GroupBy("country", "users.city").Having($"COUNT(*) > {2}").Having($"MAX({Sql.Identifier("age")}) < {90}"),
            "SELECT \"country\", \"users\".\"city\" AS \"c\", COUNT(*) AS \"n\", MAX(\"age\") + @p0 FROM \"users\" GROUP BY \"country\", \"users\".\"city\" HAVING (COUNT(*) > @p1) AND (MAX(\"age\") < @p2)",
            "SELECT \"country\", \"users\".\"city\" AS \"c\", COUNT(*) AS \"n\", MAX(\"age\") + $1 FROM \"users\" GROUP BY \"country\", \"users\".\"city\" HAVING (COUNT(*) > $2) AND (MAX(\"age\") < $3)",
            "SELECT `country`, `users`.`city` AS `c`, COUNT(*) AS `n`, MAX(`age`) + @p0 FROM `users` GROUP BY `country`, `users`.`city` HAVING (COUNT(*) > @p1) AND (MAX(`age`) < @p2)",
            1, 2, 90);
        Assert.Throws<ArgumentException>(() => Users.SelectRaw(Sql.Empty));
    }

    [Fact]
    public void Limit_and_offset_use_each_dialects_paging()
    {
        Golden(Users.Where("a", 1).OrderBy("id").Limit(10).Offset(20),
            "SELECT * FROM \"users\" WHERE \"a\" = @p0 ORDER BY \"id\" ASC LIMIT 10 OFFSET 20",
            "SELECT * FROM \"users\" WHERE \"a\" = $1 ORDER BY \"id\" ASC LIMIT $2 OFFSET $3",
            "SELECT * FROM `users` WHERE `a` = @p0 ORDER BY `id` ASC LIMIT @p1 OFFSET @p2",
            1, new PagingCount(10), new PagingCount(20));
        Golden(Users.Limit(5),
            "SELECT * FROM \"users\" LIMIT 5",
            "SELECT * FROM \"users\" LIMIT $1",
            "SELECT * FROM `users` LIMIT @p0",
            new PagingCount(5));
    }

    [Fact]
    public void Offset_without_limit_gets_the_limit_a_dialect_requires()
    {
        Golden(Users.OrderBy("id").Offset(3),
            "SELECT * FROM \"users\" ORDER BY \"id\" ASC LIMIT -1 OFFSET 3",
            "SELECT * FROM \"users\" ORDER BY \"id\" ASC OFFSET $1",
            "SELECT * FROM `users` ORDER BY `id` ASC LIMIT 18446744073709551615 OFFSET @p0",
            new PagingCount(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Users.Limit(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Users.Offset(-1));
    }

    [Fact]
    public void For_update_locks_rows_where_the_dialect_has_row_locks()
    {
        Golden(Users.Where("id", 1).Limit(1).ForUpdate(),
            "SELECT * FROM \"users\" WHERE \"id\" = @p0 LIMIT 1",
            "SELECT * FROM \"users\" WHERE \"id\" = $1 LIMIT 1 FOR UPDATE",
            "SELECT * FROM `users` WHERE `id` = @p0 LIMIT 1 FOR UPDATE",
            1);
    }

    [Fact]
    public void Limits_of_one_and_two_are_written_into_the_text_on_every_database_and_larger_ones_bound()
    {
        Golden(Users.Where("id", 1).Limit(2),
            "SELECT * FROM \"users\" WHERE \"id\" = @p0 LIMIT 2",
            "SELECT * FROM \"users\" WHERE \"id\" = $1 LIMIT 2",
            "SELECT * FROM `users` WHERE `id` = @p0 LIMIT 2",
            1);
        Golden(Users.Where("id", 1).Limit(3).Offset(1),
            "SELECT * FROM \"users\" WHERE \"id\" = @p0 LIMIT 3 OFFSET 1",
            "SELECT * FROM \"users\" WHERE \"id\" = $1 LIMIT $2 OFFSET $3",
            "SELECT * FROM `users` WHERE `id` = @p0 LIMIT @p1 OFFSET @p2",
            1, new PagingCount(3), new PagingCount(1));
        // The shape cache tells a written limit from a bound one, and one written limit from the other.
        foreach (var limit in new[] { 1, 5, 2, 7, 1 })
        {
            var rendered = Users.Where("id", 1).Limit(limit).ToSql(Postgres);
            Assert.Equal(limit <= 2 ? $"SELECT * FROM \"users\" WHERE \"id\" = $1 LIMIT {limit}" : "SELECT * FROM \"users\" WHERE \"id\" = $1 LIMIT $2", rendered.Text);
            Assert.Equal(limit <= 2 ? [1] : [1, limit], rendered.Values);
        }
    }

    [Fact]
    public void Count_is_direct_for_plain_queries_and_wraps_grouped_or_paged_ones()
    {
        Golden(d => QueryCompiler.Default.CompileCount(Users.Select("name").Join("orders", "users.id", "=", "orders.user_id").Where("age", ">", 1).Node, d).Render(d),
            "SELECT COUNT(*) FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" WHERE \"age\" > @p0",
            "SELECT COUNT(*) FROM \"users\" INNER JOIN \"orders\" ON \"users\".\"id\" = \"orders\".\"user_id\" WHERE \"age\" > $1",
            "SELECT COUNT(*) FROM `users` INNER JOIN `orders` ON `users`.`id` = `orders`.`user_id` WHERE `age` > @p0",
            1);
        Golden(d => QueryCompiler.Default.CompileCount(Users.Select("country").GroupBy("country").Limit(5).Node, d).Render(d),
            "SELECT COUNT(*) FROM (SELECT \"country\" FROM \"users\" GROUP BY \"country\" LIMIT 5) \"strata_count\"",
            "SELECT COUNT(*) FROM (SELECT \"country\" FROM \"users\" GROUP BY \"country\" LIMIT $1) \"strata_count\"",
            "SELECT COUNT(*) FROM (SELECT `country` FROM `users` GROUP BY `country` LIMIT @p0) `strata_count`",
            new PagingCount(5));
    }

    [Fact]
    public void Exists_asks_for_one_constant_row()
    {
        Golden(d => QueryCompiler.Default.CompileExists(Users.Select("name").Where("age", ">", 1).Node, d).Render(d),
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM \"users\" WHERE \"age\" > @p0) THEN 1 ELSE 0 END",
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM \"users\" WHERE \"age\" > $1) THEN 1 ELSE 0 END",
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM `users` WHERE `age` > @p0) THEN 1 ELSE 0 END",
            1);
    }

    [Fact]
    public void Insert_from_a_dictionary_or_an_object()
    {
        var values = new Dictionary<string, object?> { ["name"] = "ada", ["age"] = 36, ["note"] = null };
        Golden(d => Users.ToInsertSql(values, d),
            "INSERT INTO \"users\" (\"name\", \"age\", \"note\") VALUES (@p0, @p1, @p2)",
            "INSERT INTO \"users\" (\"name\", \"age\", \"note\") VALUES ($1, $2, $3)",
            "INSERT INTO `users` (`name`, `age`, `note`) VALUES (@p0, @p1, @p2)",
            "ada", 36, null);
        var created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        Golden(d => Users.ToInsertSql(new { Name = "ada", CreatedAt = created, Stamp = Sql.Raw("CURRENT_TIMESTAMP") }, d),
            "INSERT INTO \"users\" (\"name\", \"created_at\", \"stamp\") VALUES (@p0, @p1, CURRENT_TIMESTAMP)",
            "INSERT INTO \"users\" (\"name\", \"created_at\", \"stamp\") VALUES ($1, $2, CURRENT_TIMESTAMP)",
            "INSERT INTO `users` (`name`, `created_at`, `stamp`) VALUES (@p0, @p1, CURRENT_TIMESTAMP)",
            "ada", created);
        Assert.Throws<ArgumentException>(() => Users.ToInsertSql(new Dictionary<string, object?>(), Sqlite));
        Assert.Throws<ArgumentException>(() => Users.ToInsertSql(new[] { 1, 2 }, Sqlite));
    }

    [Fact]
    public void Update_honours_the_conditions()
    {
        Golden(d => Users.Where("id", 7).OrWhere("email", "a@b.c").ToUpdateSql(new Dictionary<string, object?> { ["name"] = "ada", ["visits"] = (Sql)$"{Sql.Identifier("visits")} + {1}" }, d),
            "UPDATE \"users\" SET \"name\" = @p0, \"visits\" = \"visits\" + @p1 WHERE \"id\" = @p2 OR \"email\" = @p3",
            "UPDATE \"users\" SET \"name\" = $1, \"visits\" = \"visits\" + $2 WHERE \"id\" = $3 OR \"email\" = $4",
            "UPDATE `users` SET `name` = @p0, `visits` = `visits` + @p1 WHERE `id` = @p2 OR `email` = @p3",
            "ada", 1, 7, "a@b.c");
        Golden(d => Users.All().ToUpdateSql(new { Active = false }, d),
            "UPDATE \"users\" SET \"active\" = @p0",
            "UPDATE \"users\" SET \"active\" = $1",
            "UPDATE `users` SET `active` = @p0",
            false);
    }

    [Fact]
    public void Delete_honours_the_conditions()
    {
        Golden(d => Users.WhereIn("id", new[] { 1, 2 }).ToDeleteSql(d),
            "DELETE FROM \"users\" WHERE \"id\" IN (@p0, @p1)",
            "DELETE FROM \"users\" WHERE \"id\" = ANY($1)",
            "DELETE FROM `users` WHERE `id` IN (@p0, @p1)",
            1, 2);
        Golden(d => Users.All().ToDeleteSql(d),
            "DELETE FROM \"users\"",
            "DELETE FROM \"users\"",
            "DELETE FROM `users`");
    }

    [Fact]
    public void Update_and_delete_without_a_condition_are_refused_unless_All_was_called()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Users.ToDeleteSql(Sqlite));
        Assert.Contains("All()", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Users.ToUpdateSql(new { A = 1 }, Sqlite));
        Assert.Throws<InvalidOperationException>(() => Users.Where(g => g).ToDeleteSql(Sqlite));
    }

    [Fact]
    public void Writes_refuse_clauses_they_cannot_use()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Users.Where("id", 1).OrderBy("id").Limit(1).ToDeleteSql(Sqlite));
        Assert.Contains("OrderBy, Limit", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Users.Where("id", 1).ToInsertSql(new { A = 1 }, Sqlite));
        Assert.Throws<NotSupportedException>(() => Users.LeftJoin("o", "o.id", "=", "users.id").Where("id", 1).ToUpdateSql(new { A = 1 }, Sqlite));
    }

    [Fact]
    public void Builder_calls_never_change_the_query_they_start_from()
    {
        var adults = Users.Where("age", ">=", 18);
        var named = adults.Where("name", "ada").OrderBy("name").Limit(1);
        var counted = adults.Select("id").Distinct().ForUpdate().All();

        Assert.Equal("SELECT * FROM \"users\" WHERE \"age\" >= $1", adults.ToSql(Postgres).Text);
        Assert.Equal("SELECT * FROM \"users\" WHERE \"age\" >= $1 AND \"name\" = $2 ORDER BY \"name\" ASC LIMIT 1", named.ToSql(Postgres).Text);
        Assert.Equal("SELECT DISTINCT \"id\" FROM \"users\" WHERE \"age\" >= $1 FOR UPDATE", counted.ToSql(Postgres).Text);
        Assert.Single(adults.Conditions);
        Assert.False(adults.Node.AllRows);
    }

    [Fact]
    public async Task A_base_query_can_be_shared_across_threads()
    {
        var active = Users.Where("active", true);
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                var rendered = active.Where("id", i * 1000 + n).Limit(n + 3).ToSql(Postgres);
                Assert.Equal("SELECT * FROM \"users\" WHERE \"active\" = $1 AND \"id\" = $2 LIMIT $3", rendered.Text);
                Assert.Equal([true, i * 1000 + n, n + 3], rendered.Values);
            }
        }));
        await Task.WhenAll(tasks);
        Assert.Single(active.Conditions);
    }

    [Fact]
    public void A_hand_built_node_is_validated_when_compiled()
    {
        var node = new QueryNode("users") { Where = [new ConditionClause(LogicalOperator.And, new ComparisonCondition("id; DROP TABLE users", ComparisonOperator.Equal, 1))] };
        Assert.Throws<ArgumentException>(() => Users.With(node).ToSql(Sqlite));
        Assert.Throws<ArgumentException>(() => Users.With(new QueryNode("users\"--")).ToSql(Sqlite));
    }

    [Fact]
    public void Unknown_operators_are_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Users.Where("age", "=>", 1));
        Assert.Contains("'=>'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not like", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Users.Join("o", "o.id", "ilike", "users.id"));
        Assert.Throws<ArgumentException>(() => Users.Where("age", (ComparisonOperator)42, 1));
    }

    [Fact]
    public void Aliases_in_column_strings_are_refused_in_favour_of_SelectAs()
    {
        Assert.Throws<ArgumentException>(() => Users.Select("name as n"));
        Assert.Throws<ArgumentException>(() => Users.SelectAs("name", "a.b"));
        Assert.Throws<ArgumentException>(() => Users.Select("*").SelectAs("name", "*"));
    }

    [Fact]
    public async Task An_unbound_query_compiles_only_with_a_dialect()
    {
        Assert.Throws<InvalidOperationException>(() => Users.ToSql());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Users.ToListAsync<int>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Users.CountAsync());
        Assert.Null(Users.Session);
    }

    [Fact]
    public void Values_are_parameters_in_ToSql_and_never_inlined()
    {
        var rendered = Users.Where("password", "s3cret-value").ToSql(MySql);
        Assert.DoesNotContain("s3cret", rendered.Text, StringComparison.Ordinal);
        Assert.Equal(["s3cret-value"], rendered.Values);
    }

    public static readonly string[] Hostile =
    [
        "users; DROP TABLE users; --",
        "name' OR '1'='1",
        "name\" OR \"1\"=\"1",
        "name` OR 1=1 -- ",
        "1=1",
        "x OR 1=1",
        "name -- comment",
        "name/* c */",
        "name#",
        "name;",
        "\uff55sers",            // fullwidth u
        "us\u0435rs",            // Cyrillic e
        "name\u200b",            // zero-width space
        "na\u0000me",
        "name\n",
        "a b",
        "",
        ".name",
        "name.",
        "*; DROP TABLE users",
        "users.*, secrets.*",
        "count(*)",
        "$name",
        "1name",
    ];

    public static TheoryData<string> HostileStrings => new(Hostile);

    [Theory, MemberData(nameof(HostileStrings))]
    public void Hostile_identifiers_and_operators_are_refused(string evil)
    {
        // Where a table is named, a space separates it from its alias ("users u"): there "a b" is valid and "a b c" is not.
        var table = evil == "a b" ? "a b c" : evil;
        var refusals = new Action[]
        {
            () => _ = new SqlQuery(table),
            () => Users.Select(evil),
            () => Users.Select("id", evil),
            () => Users.SelectAs(evil, "a"),
            () => Users.SelectAs("name", evil),
            () => Users.SelectRaw($"COUNT(*)", evil),
            () => Users.Where(evil, 1),
            () => Users.Where(evil, "=", 1),
            () => Users.Where("name", evil, 1),
            () => Users.OrWhere(evil, 1),
            () => Users.OrWhere("name", evil, 1),
            () => Users.Where(g => g.Where(evil, 1)),
            () => Users.WhereNot(g => g.Where("name", evil, 1)),
            () => Users.WhereNull(evil),
            () => Users.WhereNotNull(evil),
            () => Users.OrWhereNull(evil),
            () => Users.OrWhereNotNull(evil),
            () => Users.WhereIn(evil, new[] { 1 }),
            () => Users.WhereNotIn(evil, new[] { 1 }),
            () => Users.OrWhereIn(evil, new[] { 1 }),
            () => Users.WhereBetween(evil, 1, 2),
            () => Users.OrWhereBetween(evil, 1, 2),
            () => Users.Join(table, "a.id", "=", "b.id"),
            () => Users.Join("orders", evil, "=", "b.id"),
            () => Users.Join("orders", "a.id", evil, "b.id"),
            () => Users.Join("orders", "a.id", "=", evil),
            () => Users.LeftJoin(table, "a.id", "=", "b.id"),
            () => Users.LeftJoin("orders", "a.id", evil, "b.id"),
            () => Users.OrderBy(evil),
            () => Users.OrderByDescending(evil),
            () => Users.GroupBy(evil),
            () => Users.ToInsertSql(new Dictionary<string, object?> { [evil] = 1 }, Sqlite),
            () => Users.Where("id", 1).ToUpdateSql(new Dictionary<string, object?> { [evil] = 1 }, Sqlite),
        };
        for (var i = 0; i < refusals.Length; i++)
        {
            var e = Record.Exception(refusals[i]);
            Assert.True(e is ArgumentException, $"entry point #{i} accepted '{evil}' (threw {e?.GetType().Name ?? "nothing"})");
        }
    }

    [Theory, MemberData(nameof(HostileStrings))]
    public void Hostile_values_are_parameters(string evil)
    {
        var queries = new Func<SqlDialect, RenderedSql>[]
        {
            d => Users.Where("name", evil).ToSql(d),
            d => Users.Where("name", "like", evil).ToSql(d),
            d => Users.OrWhere("name", "<>", evil).ToSql(d),
            d => Users.WhereIn("name", new[] { evil, evil }).ToSql(d),
            d => Users.WhereBetween("name", evil, evil).ToSql(d),
            d => Users.Where(g => g.Where("name", evil)).ToSql(d),
            d => Users.WhereRaw($"{Sql.Identifier("name")} = {evil}").ToSql(d),
            d => Users.SelectRaw($"COALESCE({Sql.Identifier("name")}, {evil})", "n").ToSql(d),
            d => Users.Having($"MAX({Sql.Identifier("name")}) = {evil}").GroupBy("id").ToSql(d),
            d => Users.ToInsertSql(new Dictionary<string, object?> { ["name"] = evil }, d),
            d => Users.ToInsertSql(new { Name = evil }, d),
            d => Users.Where("id", evil).ToUpdateSql(new { Name = evil }, d),
            d => Users.Where("name", evil).ToDeleteSql(d),
        };
        foreach (var dialect in new[] { Sqlite, Postgres, MySql })
        {
            foreach (var compile in queries)
            {
                var rendered = compile(dialect);
                if (evil.Length > 0) Assert.DoesNotContain(evil, rendered.Text, StringComparison.Ordinal);
                Assert.Contains(evil, RenderedValues.Flat(rendered.Values));
                Assert.DoesNotContain("1=1", rendered.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("--", rendered.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(";", rendered.Text, StringComparison.Ordinal);
            }
        }
    }
}
