using Strata.Dialects;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>Golden SQL for table aliases, equality conditions from objects and dictionaries, the LIKE family, HAVING built like
/// WHERE, and the case-insensitive Contains of typed lambdas.</summary>
public class QueryAliasAndFilterTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    public sealed class Member
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public long OrgId { get; set; }
    }

    public sealed class Org
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
    }

    private static void Golden(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mysql, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MySql, mysql) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(values, Flatten(rendered.Values));
        }
    }

    /// <summary>The values with each IN list's array (PostgreSQL binds a list as one) spread out, to compare dialects alike.</summary>
    private static object?[] Flatten(IEnumerable<object?> values) =>
        [.. values.SelectMany(v => v is IReadOnlyList<object?> list ? list : [v])];

    private static void Golden(SqlQuery query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    private static void Golden<T>(SqlQuery<T> query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    [Fact]
    public void Aliases_name_the_table_and_the_joined_tables()
    {
        var query = new SqlQuery("users AS u").Select("u.name").SelectAs("o.name", "org_name")
            .LeftJoin("organizations as o", "u.org_id", "=", "o.id").Join("app.roles r", "r.id", "=", "u.role_id")
            .Where("u.created_at", ">", 5).WhereIn("u.role", new[] { "admin" }).GroupBy("u.id", "o.name").OrderBy("u.name");
        Golden(query,
            "SELECT \"u\".\"name\", \"o\".\"name\" AS \"org_name\" FROM \"users\" AS \"u\" LEFT JOIN \"organizations\" AS \"o\" ON \"u\".\"org_id\" = \"o\".\"id\" INNER JOIN \"app\".\"roles\" AS \"r\" ON \"r\".\"id\" = \"u\".\"role_id\" WHERE \"u\".\"created_at\" > @p0 AND \"u\".\"role\" IN (@p1) GROUP BY \"u\".\"id\", \"o\".\"name\" ORDER BY \"u\".\"name\" ASC",
            "SELECT \"u\".\"name\", \"o\".\"name\" AS \"org_name\" FROM \"users\" AS \"u\" LEFT JOIN \"organizations\" AS \"o\" ON \"u\".\"org_id\" = \"o\".\"id\" INNER JOIN \"app\".\"roles\" AS \"r\" ON \"r\".\"id\" = \"u\".\"role_id\" WHERE \"u\".\"created_at\" > $1 AND \"u\".\"role\" = ANY($2) GROUP BY \"u\".\"id\", \"o\".\"name\" ORDER BY \"u\".\"name\" ASC",
            "SELECT `u`.`name`, `o`.`name` AS `org_name` FROM `users` AS `u` LEFT JOIN `organizations` AS `o` ON `u`.`org_id` = `o`.`id` INNER JOIN `app`.`roles` AS `r` ON `r`.`id` = `u`.`role_id` WHERE `u`.`created_at` > @p0 AND `u`.`role` IN (@p1) GROUP BY `u`.`id`, `o`.`name` ORDER BY `u`.`name` ASC",
            5, "admin");
        Assert.Equal("users", query.Node.Table);
        Assert.Equal("u", query.Node.Alias);
    }

    [Fact]
    public void As_and_the_text_form_compile_alike_and_other_joins_take_aliases()
    {
        var expected = new SqlQuery("users AS u").Where("u.id", 1).ToSql(Postgres).Text;
        Assert.Equal(expected, new SqlQuery("users").As("u").Where("u.id", 1).ToSql(Postgres).Text);
        Assert.Equal(expected, new SqlQuery("  users   u ").Where("u.id", 1).ToSql(Postgres).Text);
        Golden(new SqlQuery("users u").CrossJoin("days d").Join("orders o", j => j.On("o.user_id", "=", "u.id").On("o.day", "=", "d.day")),
            "SELECT * FROM \"users\" AS \"u\" CROSS JOIN \"days\" AS \"d\" INNER JOIN \"orders\" AS \"o\" ON \"o\".\"user_id\" = \"u\".\"id\" AND \"o\".\"day\" = \"d\".\"day\"",
            "SELECT * FROM \"users\" AS \"u\" CROSS JOIN \"days\" AS \"d\" INNER JOIN \"orders\" AS \"o\" ON \"o\".\"user_id\" = \"u\".\"id\" AND \"o\".\"day\" = \"d\".\"day\"",
            "SELECT * FROM `users` AS `u` CROSS JOIN `days` AS `d` INNER JOIN `orders` AS `o` ON `o`.`user_id` = `u`.`id` AND `o`.`day` = `d`.`day`");
    }

    [Fact]
    public void A_self_join_needs_two_aliases_and_counting_keeps_them()
    {
        var managers = new SqlQuery("employees AS e").Join("employees AS m", "e.manager_id", "=", "m.id").Select("e.name").SelectAs("m.name", "manager");
        Golden(d => QueryCompiler.Default.CompileCount(managers.Node, d).Render(d),
            "SELECT COUNT(*) FROM \"employees\" AS \"e\" INNER JOIN \"employees\" AS \"m\" ON \"e\".\"manager_id\" = \"m\".\"id\"",
            "SELECT COUNT(*) FROM \"employees\" AS \"e\" INNER JOIN \"employees\" AS \"m\" ON \"e\".\"manager_id\" = \"m\".\"id\"",
            "SELECT COUNT(*) FROM `employees` AS `e` INNER JOIN `employees` AS `m` ON `e`.`manager_id` = `m`.`id`");
    }

    [Theory]
    [InlineData("users AS")]
    [InlineData("users AS u v")]
    [InlineData("users AS u.x")]
    [InlineData("users AS *")]
    [InlineData("users; drop table x")]
    [InlineData("   ")]
    public void Malformed_table_texts_are_refused(string text)
    {
        Assert.Throws<ArgumentException>(() => new SqlQuery(text));
        Assert.Throws<ArgumentException>(() => new SqlQuery("users").Join(text, "a.id", "=", "b.id"));
    }

    [Fact]
    public void An_alias_is_given_once_and_inserts_refuse_it()
    {
        Assert.Throws<ArgumentException>(() => new SqlQuery("users").As("u.x"));
        Assert.Throws<InvalidOperationException>(() => new SqlQuery("users").AsSubquery("s").As("t"));
        Assert.Equal("UPDATE \"users\" AS \"u\" SET \"name\" = $1 WHERE \"u\".\"id\" = $2",
            new SqlQuery("users AS u").Where("u.id", 1).ToUpdateSql(new { name = "x" }, Postgres).Text);
        Assert.Equal("DELETE FROM \"users\" AS \"u\" WHERE \"u\".\"id\" = $1", new SqlQuery("users AS u").Where("u.id", 1).ToDeleteSql(Postgres).Text);
        var error = Assert.Throws<InvalidOperationException>(() => new SqlQuery("users u").ToInsertSql(new { name = "x" }, Postgres));
        Assert.Contains("alias ('u')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_differing_only_in_alias_are_cached_apart()
    {
        var a = new SqlQuery("users AS a").Where("id", 1).ToSql(Sqlite).Text;
        var b = new SqlQuery("users AS b").Where("id", 1).ToSql(Sqlite).Text;
        var none = new SqlQuery("users").Where("id", 1).ToSql(Sqlite).Text;
        Assert.Equal("SELECT * FROM \"users\" AS \"a\" WHERE \"id\" = @p0", a);
        Assert.Equal("SELECT * FROM \"users\" AS \"b\" WHERE \"id\" = @p0", b);
        Assert.Equal("SELECT * FROM \"users\" WHERE \"id\" = @p0", none);
        var joinedA = new SqlQuery("users").Join("orgs AS x", "x.id", "=", "users.org_id").ToSql(Sqlite).Text;
        var joinedB = new SqlQuery("users").Join("orgs AS y", "x.id", "=", "users.org_id").ToSql(Sqlite).Text;
        Assert.NotEqual(joinedA, joinedB);
    }

    [Fact]
    public void Where_with_an_object_or_dictionary_adds_equalities_and_null_becomes_is_null()
    {
        Golden(new SqlQuery("users").Where(new { active = true, OrgId = 5, deleted_at = (DateTime?)null }).OrWhere("vip", true),
            "SELECT * FROM \"users\" WHERE \"active\" = @p0 AND \"org_id\" = @p1 AND \"deleted_at\" IS NULL OR \"vip\" = @p2",
            "SELECT * FROM \"users\" WHERE \"active\" = $1 AND \"org_id\" = $2 AND \"deleted_at\" IS NULL OR \"vip\" = $3",
            "SELECT * FROM `users` WHERE `active` = @p0 AND `org_id` = @p1 AND `deleted_at` IS NULL OR `vip` = @p2",
            true, 5, true);
        var filters = new Dictionary<string, object?> { ["u.role"] = "admin", ["u.team"] = null };
        Golden(new SqlQuery("users AS u").Where("u.age", ">", 18).Where(filters).OrWhere(new Dictionary<string, object?> { ["u.id"] = 1, ["u.vip"] = true }),
            "SELECT * FROM \"users\" AS \"u\" WHERE \"u\".\"age\" > @p0 AND \"u\".\"role\" = @p1 AND \"u\".\"team\" IS NULL OR (\"u\".\"id\" = @p2 AND \"u\".\"vip\" = @p3)",
            "SELECT * FROM \"users\" AS \"u\" WHERE \"u\".\"age\" > $1 AND \"u\".\"role\" = $2 AND \"u\".\"team\" IS NULL OR (\"u\".\"id\" = $3 AND \"u\".\"vip\" = $4)",
            "SELECT * FROM `users` AS `u` WHERE `u`.`age` > @p0 AND `u`.`role` = @p1 AND `u`.`team` IS NULL OR (`u`.`id` = @p2 AND `u`.`vip` = @p3)",
            18, "admin", 1, true);
    }

    [Fact]
    public void Where_with_an_object_works_in_groups_and_refuses_what_is_not_a_set_of_columns()
    {
        Golden(new SqlQuery("users").Where(g => g.Where(new { a = 1 }).OrWhere(new { b = 2, c = 3 })).Where(new Dictionary<string, object?>()),
            "SELECT * FROM \"users\" WHERE (\"a\" = @p0 OR (\"b\" = @p1 AND \"c\" = @p2))",
            "SELECT * FROM \"users\" WHERE (\"a\" = $1 OR (\"b\" = $2 AND \"c\" = $3))",
            "SELECT * FROM `users` WHERE (`a` = @p0 OR (`b` = @p1 AND `c` = @p2))",
            1, 2, 3);
        var users = new SqlQuery("users");
        Assert.Contains("WhereRaw", Assert.Throws<ArgumentException>(() => users.Where((object)"active = 1")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => users.Where((object)Sql.Raw("1 = 1")));
        Assert.Throws<ArgumentException>(() => users.Where(new { }));
        Assert.Throws<ArgumentException>(() => users.Where(new { ids = new[] { 1, 2 } }));
        Assert.Throws<ArgumentException>(() => users.Where(new Dictionary<string, object?> { ["name; --"] = 1 }));
        Assert.Throws<ArgumentNullException>(() => users.Where((object)null!));
    }

    [Fact]
    public void Like_family_with_or_and_not_forms()
    {
        Golden(new SqlQuery("users").WhereLike("email", "%@example.com").OrWhereLike("name", "a_%").WhereNotLike("name", "x%").OrWhereNotLike("bio", "%spam%")
                .WhereILike("name", "AD%").OrWhereNotILike("email", "%TEST%"),
            "SELECT * FROM \"users\" WHERE \"email\" LIKE @p0 OR \"name\" LIKE @p1 AND \"name\" NOT LIKE @p2 OR \"bio\" NOT LIKE @p3 AND LOWER(\"name\") LIKE LOWER(@p4) OR LOWER(\"email\") NOT LIKE LOWER(@p5)",
            "SELECT * FROM \"users\" WHERE \"email\" LIKE $1 OR \"name\" LIKE $2 AND \"name\" NOT LIKE $3 OR \"bio\" NOT LIKE $4 AND \"name\" ILIKE $5 OR \"email\" NOT ILIKE $6",
            "SELECT * FROM `users` WHERE `email` LIKE @p0 OR `name` LIKE @p1 AND `name` NOT LIKE @p2 OR `bio` NOT LIKE @p3 AND LOWER(`name`) LIKE LOWER(@p4) OR LOWER(`email`) NOT LIKE LOWER(@p5)",
            "%@example.com", "a_%", "x%", "%spam%", "AD%", "%TEST%");
        Assert.Throws<ArgumentNullException>(() => new SqlQuery("users").WhereLike("name", null!));
        Assert.Throws<ArgumentException>(() => new SqlQuery("users").WhereLike("name)", "a"));
    }

    [Fact]
    public void Having_takes_the_where_family()
    {
        Golden(new SqlQuery("orders AS o").Select("o.user_id").SelectRaw($"COUNT(*)", "n").GroupBy("o.user_id")
                .Having(h => h.WhereIn("o.user_id", new[] { 1, 2 }).OrWhereRaw($"COUNT(*) > {5}")).Having($"SUM({Sql.Identifier("o.total")}) > {100}")
                .Having(h => h.Where(new { o_user_id = 3 })).Having(h => h),
            "SELECT \"o\".\"user_id\", COUNT(*) AS \"n\" FROM \"orders\" AS \"o\" GROUP BY \"o\".\"user_id\" HAVING (\"o\".\"user_id\" IN (@p0, @p1) OR (COUNT(*) > @p2)) AND (SUM(\"o\".\"total\") > @p3) AND \"o_user_id\" = @p4",
            "SELECT \"o\".\"user_id\", COUNT(*) AS \"n\" FROM \"orders\" AS \"o\" GROUP BY \"o\".\"user_id\" HAVING (\"o\".\"user_id\" = ANY($1) OR (COUNT(*) > $2)) AND (SUM(\"o\".\"total\") > $3) AND \"o_user_id\" = $4",
            "SELECT `o`.`user_id`, COUNT(*) AS `n` FROM `orders` AS `o` GROUP BY `o`.`user_id` HAVING (`o`.`user_id` IN (@p0, @p1) OR (COUNT(*) > @p2)) AND (SUM(`o`.`total`) > @p3) AND `o_user_id` = @p4",
            1, 2, 5, 100, 3);
    }

    [Fact]
    public void Contains_ignoring_case_is_ilike_on_postgres_and_lower_like_elsewhere_with_wildcards_escaped()
    {
        var text = "50%_Off!";
        Golden(new SqlQuery<Member>().Where(m => m.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || m.Email!.StartsWith("A_", StringComparison.InvariantCultureIgnoreCase)),
            "SELECT * FROM \"member\" WHERE (LOWER(\"name\") LIKE LOWER(@p0) ESCAPE '!' OR LOWER(\"email\") LIKE LOWER(@p1) ESCAPE '!')",
            "SELECT * FROM \"member\" WHERE (\"name\" ILIKE $1 ESCAPE '!' OR \"email\" ILIKE $2 ESCAPE '!')",
            "SELECT * FROM `member` WHERE (LOWER(`name`) LIKE LOWER(@p0) ESCAPE '!' OR LOWER(`email`) LIKE LOWER(@p1) ESCAPE '!')",
            "%50!%!_Off!!%", "A!_%");
        Golden(new SqlQuery<Member>().Where(m => m.Name.Trim().EndsWith("%", StringComparison.CurrentCultureIgnoreCase)),
            "SELECT * FROM \"member\" WHERE (LOWER(TRIM(\"name\")) LIKE LOWER(@p0) ESCAPE '!')",
            "SELECT * FROM \"member\" WHERE (LOWER(TRIM(\"name\")) LIKE LOWER($1) ESCAPE '!')",
            "SELECT * FROM `member` WHERE (LOWER(TRIM(`name`)) LIKE LOWER(@p0) ESCAPE '!')",
            "%!%");
        var error = Assert.Throws<NotSupportedException>(() => new SqlQuery<Member>().Where(m => m.Name.Contains("ab", StringComparison.Ordinal)));
        Assert.Contains("OrdinalIgnoreCase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_queries_take_aliases_objects_and_qualify_joins_with_the_aliases()
    {
        Golden(new SqlQuery<Member>("member AS m").Join<Org>((m, o) => m.OrgId == o.Id, "org AS o").Where<Org>((m, o) => o.Name == "acme").Where(new { m_active = true }),
            "SELECT \"m\".* FROM \"member\" AS \"m\" INNER JOIN \"org\" AS \"o\" ON \"m\".\"org_id\" = \"o\".\"id\" WHERE \"o\".\"name\" = @p0 AND \"m_active\" = @p1",
            "SELECT \"m\".* FROM \"member\" AS \"m\" INNER JOIN \"org\" AS \"o\" ON \"m\".\"org_id\" = \"o\".\"id\" WHERE \"o\".\"name\" = $1 AND \"m_active\" = $2",
            "SELECT `m`.* FROM `member` AS `m` INNER JOIN `org` AS `o` ON `m`.`org_id` = `o`.`id` WHERE `o`.`name` = @p0 AND `m_active` = @p1",
            "acme", true);
        Golden(new SqlQuery<Member>().As("x").Where(m => m.Id == 1).Where(new Dictionary<string, object?> { ["x.org_id"] = 2 }),
            "SELECT * FROM \"member\" AS \"x\" WHERE \"id\" = @p0 AND \"x\".\"org_id\" = @p1",
            "SELECT * FROM \"member\" AS \"x\" WHERE \"id\" = $1 AND \"x\".\"org_id\" = $2",
            "SELECT * FROM `member` AS `x` WHERE `id` = @p0 AND `x`.`org_id` = @p1",
            1L, 2);
        Assert.Throws<InvalidOperationException>(() => new SqlQuery<Member>().Join<Org>((m, o) => m.OrgId == o.Id).As("m"));
    }
}
