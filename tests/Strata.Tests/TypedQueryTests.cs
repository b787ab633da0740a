using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Strata.Dialects;
using Strata.Mapping;
using Strata.MySql;
using Strata.Postgres;
using Strata.Sqlite;

namespace Strata.Tests;

using Strata.Query;

/// <summary>Golden SQL for the typed entry point: lambdas compiled for SQLite, PostgreSQL and MySQL side by side.</summary>
public class TypedQueryTests
{
    private static readonly SqlDialect Sqlite = new SqliteDialect();
    private static readonly SqlDialect Postgres = new PostgresDialect();
    private static readonly SqlDialect MySql = new MySqlDialect();

    public sealed class User
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public int Age { get; set; }
        public int? Score { get; set; }
        public bool Active { get; set; }
        public DateTime CreatedAt { get; set; }
    }

    [Table("accounts", Schema = "bank")]
    public sealed class Account
    {
        [Key]
        public int Number { get; set; }

        [Column("owner_name")]
        public string Owner { get; set; } = "";

        [NotMapped]
        public string Display => Owner;

        public decimal Balance { get; set; }
    }

    public enum Level
    {
        Guest,
        Admin,
    }

    public sealed class Ticket
    {
        public int Id { get; set; }
        public Level Level { get; set; }
        public Level? Previous { get; set; }
        public char Grade { get; set; }
        public bool? Flag { get; set; }
    }

    public static class Helpers
    {
        public static bool Contains(string[] values, string value) => values.Contains(value);
    }

    public sealed record UserSummary(long Id, string? Email);

    public sealed class UserLine
    {
        public long Id { get; set; }
        public string Label { get; set; } = "";
    }

    private static SqlQuery<User> Users => new();

    private static void Golden<TRow>(SqlQuery<TRow> query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    private static void Golden<TRow>(ProjectedQuery<TRow> query, string sqlite, string postgres, string mysql, params object?[] values) =>
        Golden(d => query.ToSql(d), sqlite, postgres, mysql, values);

    private static void Golden(Func<SqlDialect, RenderedSql> compile, string sqlite, string postgres, string mysql, params object?[] values)
    {
        foreach (var (dialect, expected) in new[] { (Sqlite, sqlite), (Postgres, postgres), (MySql, mysql) })
        {
            var rendered = compile(dialect);
            Assert.Equal(expected, rendered.Text);
            Assert.Equal(PagingCount.Bound(dialect, values), RenderedValues.Flat(rendered.Values));
        }
    }

    [Fact]
    public void Entity_map_uses_the_convention_without_pluralizing()
    {
        var map = EntityMap.For<User>();

        Assert.Equal("user", map.Table);
        Assert.Equal("id", map.Key?.Name);
        Assert.Equal(["id", "name", "email", "age", "score", "active", "created_at"], map.Columns.Select(c => c.Name));
        Assert.Same(map, EntityMap.For<User>(NamingConvention.SnakeCase));
        Assert.Equal("CreatedAt", EntityMap.For<User>(NamingConvention.Exact).Columns[^1].Name);
    }

    [Fact]
    public void Entity_map_reads_table_key_column_and_not_mapped_attributes()
    {
        var map = EntityMap.For<Account>();

        Assert.Equal("bank.accounts", map.Table);
        Assert.Equal("Number", map.Key?.Member.Name);
        Assert.Equal(["number", "owner_name", "balance"], map.Columns.Select(c => c.Name));
        Golden(new SqlQuery<Account>().Where(a => a.Owner == "ada" && a.Balance > 10m),
            "SELECT * FROM \"bank\".\"accounts\" WHERE \"owner_name\" = @p0 AND \"balance\" > @p1",
            "SELECT * FROM \"bank\".\"accounts\" WHERE \"owner_name\" = $1 AND \"balance\" > $2",
            "SELECT * FROM `bank`.`accounts` WHERE `owner_name` = @p0 AND `balance` > @p1",
            "ada", 10m);
    }

    [Fact]
    public void Comparisons_with_captured_values_become_parameters()
    {
        var min = 18;
        var filter = new { Name = "ada" };
        Golden(Users.Where(u => u.Active && u.Age >= min).Where(u => u.Name != filter.Name && 100 > u.Age && u.Score <= 5),
            "SELECT * FROM \"user\" WHERE \"active\" = @p0 AND \"age\" >= @p1 AND \"name\" <> @p2 AND \"age\" < @p3 AND \"score\" <= @p4",
            "SELECT * FROM \"user\" WHERE \"active\" = $1 AND \"age\" >= $2 AND \"name\" <> $3 AND \"age\" < $4 AND \"score\" <= $5",
            "SELECT * FROM `user` WHERE `active` = @p0 AND `age` >= @p1 AND `name` <> @p2 AND `age` < @p3 AND `score` <= @p4",
            true, 18, "ada", 100, 5);
    }

    [Fact]
    public void Captured_values_are_read_when_the_query_is_built()
    {
        var name = "ada";
        var query = Users.Where(u => u.Name == name);
        name = "grace";

        Assert.Equal(["ada"], query.ToSql(Sqlite).Values);
        Assert.Equal(["grace"], Users.Where(u => u.Name == name).ToSql(Sqlite).Values);
    }

    [Fact]
    public void Or_not_and_null_checks()
    {
        int? none = null;
        Golden(Users.Where(u => u.Email == null || !u.Active || u.Score != none).Where(u => !(u.Age > 3 && u.Email != null)),
            "SELECT * FROM \"user\" WHERE (\"email\" IS NULL OR \"active\" = @p0 OR \"score\" IS NOT NULL) AND NOT (\"age\" > @p1 AND \"email\" IS NOT NULL)",
            "SELECT * FROM \"user\" WHERE (\"email\" IS NULL OR \"active\" = $1 OR \"score\" IS NOT NULL) AND NOT (\"age\" > $2 AND \"email\" IS NOT NULL)",
            "SELECT * FROM `user` WHERE (`email` IS NULL OR `active` = @p0 OR `score` IS NOT NULL) AND NOT (`age` > @p1 AND `email` IS NOT NULL)",
            false, 3);
    }

    [Fact]
    public void And_inside_or_keeps_its_parentheses()
    {
        Golden(Users.Where(u => (u.Age > 1 && u.Age < 9) || u.Name == "x"),
            "SELECT * FROM \"user\" WHERE ((\"age\" > @p0 AND \"age\" < @p1) OR \"name\" = @p2)",
            "SELECT * FROM \"user\" WHERE ((\"age\" > $1 AND \"age\" < $2) OR \"name\" = $3)",
            "SELECT * FROM `user` WHERE ((`age` > @p0 AND `age` < @p1) OR `name` = @p2)",
            1, 9, "x");
    }

    [Fact]
    public void String_methods_become_like_with_wildcards_escaped()
    {
        var text = "50%_off!";
        Golden(Users.Where(u => u.Name.Contains(text) || u.Name.StartsWith("a_") || u.Email!.EndsWith('%')),
            "SELECT * FROM \"user\" WHERE ((\"name\" LIKE @p0 ESCAPE '!') OR (\"name\" LIKE @p1 ESCAPE '!') OR (\"email\" LIKE @p2 ESCAPE '!'))",
            "SELECT * FROM \"user\" WHERE ((\"name\" LIKE $1 ESCAPE '!') OR (\"name\" LIKE $2 ESCAPE '!') OR (\"email\" LIKE $3 ESCAPE '!'))",
            "SELECT * FROM `user` WHERE ((`name` LIKE @p0 ESCAPE '!') OR (`name` LIKE @p1 ESCAPE '!') OR (`email` LIKE @p2 ESCAPE '!'))",
            "%50!%!_off!!%", "a!_%", "%!%");
    }

    [Fact]
    public void Collection_contains_becomes_in_and_empty_matches_nothing()
    {
        var ids = new List<long> { 1, 2 };
        var names = new[] { "ada" };
        var set = new HashSet<int> { 7 };
        IEnumerable<int> none = Enumerable.Empty<int>();
        Golden(Users.Where(u => ids.Contains(u.Id) && names.Contains(u.Name) && set.Contains(u.Age) && none.Contains(u.Age)),
            "SELECT * FROM \"user\" WHERE \"id\" IN (@p0, @p1) AND \"name\" IN (@p2) AND \"age\" IN (@p3) AND 1 = 0",
            "SELECT * FROM \"user\" WHERE \"id\" = ANY($1) AND \"name\" = ANY($2) AND \"age\" = ANY($3) AND 1 = 0",
            "SELECT * FROM `user` WHERE `id` IN (@p0, @p1) AND `name` IN (@p2) AND `age` IN (@p3) AND 1 = 0",
            1L, 2L, "ada", 7);
    }

    [Fact]
    public void Order_paging_distinct_and_lock_forward_to_the_same_ast()
    {
        Golden(Users.Where(u => u.Active).OrderBy(u => u.Name).ThenByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Limit(10).Offset(20).Distinct().ForUpdate(),
            "SELECT DISTINCT * FROM \"user\" WHERE \"active\" = @p0 ORDER BY \"name\" ASC, \"created_at\" DESC, \"id\" ASC LIMIT 10 OFFSET 20",
            "SELECT DISTINCT * FROM \"user\" WHERE \"active\" = $1 ORDER BY \"name\" ASC, \"created_at\" DESC, \"id\" ASC LIMIT $2 OFFSET $3 FOR UPDATE",
            "SELECT DISTINCT * FROM `user` WHERE `active` = @p0 ORDER BY `name` ASC, `created_at` DESC, `id` ASC LIMIT @p1 OFFSET @p2 FOR UPDATE",
            true, new PagingCount(10), new PagingCount(20));
    }

    [Fact]
    public void Projections_alias_columns_to_members_and_parameters()
    {
        Golden(Users.Where(u => u.Age > 1).Select(u => new { u.Id, Mail = u.Email }),
            "SELECT \"id\" AS \"Id\", \"email\" AS \"Mail\" FROM \"user\" WHERE \"age\" > @p0",
            "SELECT \"id\" AS \"Id\", \"email\" AS \"Mail\" FROM \"user\" WHERE \"age\" > $1",
            "SELECT `id` AS `Id`, `email` AS `Mail` FROM `user` WHERE `age` > @p0",
            1);
        Golden(Users.Select(u => new UserSummary(u.Id, u.Email)),
            "SELECT \"id\" AS \"Id\", \"email\" AS \"Email\" FROM \"user\"",
            "SELECT \"id\" AS \"Id\", \"email\" AS \"Email\" FROM \"user\"",
            "SELECT `id` AS `Id`, `email` AS `Email` FROM `user`");
        Golden(Users.Select(u => new UserLine { Id = u.Id, Label = u.Name }).Limit(1),
            "SELECT \"id\" AS \"Id\", \"name\" AS \"Label\" FROM \"user\" LIMIT 1",
            "SELECT \"id\" AS \"Id\", \"name\" AS \"Label\" FROM \"user\" LIMIT 1",
            "SELECT `id` AS `Id`, `name` AS `Label` FROM `user` LIMIT 1");
        Golden(Users.Select(u => u.Email).Distinct(),
            "SELECT DISTINCT \"email\" FROM \"user\"",
            "SELECT DISTINCT \"email\" FROM \"user\"",
            "SELECT DISTINCT `email` FROM `user`");
    }

    [Fact]
    public async Task Sessions_start_typed_queries_with_their_naming_convention()
    {
        await using var db = Database.Open(new DatabaseOptions { Url = "sqlite::memory:", NamingConvention = NamingConvention.Exact });

        Assert.Equal("SELECT * FROM \"User\" WHERE \"Email\" IS NULL ORDER BY \"CreatedAt\" ASC", db.From<User>().Where(u => u.Email == null).OrderBy(u => u.CreatedAt).ToSql().Text);
        Assert.Equal("SELECT \"Name\" FROM \"people\"", db.From<User>("people").Select(u => u.Name).ToSql().Text);
        Assert.Throws<ArgumentException>(() => db.From<User>("people; drop table x"));
    }

    [Fact]
    public void Explicit_table_keeps_the_entity_columns()
    {
        Golden(new SqlQuery<User>("people_1").Where(u => u.CreatedAt < new DateTime(2020, 1, 1)),
            "SELECT * FROM \"people_1\" WHERE \"created_at\" < @p0",
            "SELECT * FROM \"people_1\" WHERE \"created_at\" < $1",
            "SELECT * FROM `people_1` WHERE `created_at` < @p0",
            new DateTime(2020, 1, 1));
    }

    [Fact]
    public void Constant_conditions_and_column_to_column_comparisons()
    {
        var all = true;
        Golden(Users.Where(u => all).Where(u => u.Age > u.Score),
            "SELECT * FROM \"user\" WHERE (1 = 1) AND (\"age\" > \"score\")",
            "SELECT * FROM \"user\" WHERE (1 = 1) AND (\"age\" > \"score\")",
            "SELECT * FROM `user` WHERE (1 = 1) AND (`age` > `score`)");
    }

    [Fact]
    public void Enums_chars_and_nullable_members_keep_their_types()
    {
        var level = Level.Admin;
        Golden(new SqlQuery<Ticket>().Where(t => t.Level == level && t.Previous != Level.Guest && t.Grade == 'A' && t.Flag!.Value && t.Previous.HasValue),
            "SELECT * FROM \"ticket\" WHERE \"level\" = @p0 AND \"previous\" <> @p1 AND \"grade\" = @p2 AND \"flag\" = @p3 AND \"previous\" IS NOT NULL",
            "SELECT * FROM \"ticket\" WHERE \"level\" = $1 AND \"previous\" <> $2 AND \"grade\" = $3 AND \"flag\" = $4 AND \"previous\" IS NOT NULL",
            "SELECT * FROM `ticket` WHERE `level` = @p0 AND `previous` <> @p1 AND `grade` = @p2 AND `flag` = @p3 AND `previous` IS NOT NULL",
            Level.Admin, Level.Guest, 'A', true);
    }

    [Fact]
    public void Aggregates_compile_over_the_same_ast()
    {
        var query = Users.Where(u => u.Active).OrderBy(u => u.Name).ByName;
        Golden(d => query.ToAggregateSql(AggregateFunction.Sum, "age", d),
            "SELECT SUM(\"age\") FROM \"user\" WHERE \"active\" = @p0",
            "SELECT SUM(\"age\") FROM \"user\" WHERE \"active\" = $1",
            "SELECT SUM(`age`) FROM `user` WHERE `active` = @p0",
            true);
        Golden(d => query.Limit(3).ToAggregateSql(AggregateFunction.Max, "user.age", d),
            "SELECT MAX(\"age\") FROM (SELECT * FROM \"user\" WHERE \"active\" = @p0 ORDER BY \"name\" ASC LIMIT 3) \"strata_aggregate\"",
            "SELECT MAX(\"age\") FROM (SELECT * FROM \"user\" WHERE \"active\" = $1 ORDER BY \"name\" ASC LIMIT $2) \"strata_aggregate\"",
            "SELECT MAX(`age`) FROM (SELECT * FROM `user` WHERE `active` = @p0 ORDER BY `name` ASC LIMIT @p1) `strata_aggregate`",
            true, new PagingCount(3));
        Assert.Throws<ArgumentException>(() => query.ToAggregateSql(AggregateFunction.Avg, "age; drop", Sqlite));
        Assert.Throws<ArgumentException>(() => query.ToAggregateSql(AggregateFunction.Avg, "*", Sqlite));
    }

    [Fact]
    public void Unsupported_expressions_are_rejected_when_the_query_is_built_and_named()
    {
        var e = Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Name.PadLeft(4) == "ada"));
        Assert.StartsWith("u.Name.PadLeft(4) is not supported in a Where lambda", e.Message);

        Assert.Contains("u.Name.Length", Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Name.Length > 3)).Message);
        Assert.Contains("(u.Age + 1)", Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Age + 1 > 3)).Message);
        Assert.Contains("Contains", Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Name.Contains("ab", StringComparison.Ordinal))).Message);
        Assert.Contains("\"ada\".Contains(u.Name)", Assert.Throws<NotSupportedException>(() => Users.Where(u => "ada".Contains(u.Name))).Message);
        Assert.StartsWith("Contains(new [] {\"a\"}, u.Name) is not supported", Assert.Throws<NotSupportedException>(() => Users.Where(u => Helpers.Contains(new[] { "a" }, u.Name))).Message);
        int? nothing = null;
        Assert.Contains("never true", Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Score > nothing)).Message);
        Assert.Contains("Display", Assert.Throws<NotSupportedException>(() => new SqlQuery<Account>().Where(a => a.Display == "x")).Message);
        Assert.Contains("OrderBy lambda", Assert.Throws<NotSupportedException>(() => Users.OrderBy(u => u.Name.Length)).Message);
        Assert.Contains("Select lambda", Assert.Throws<NotSupportedException>(() => Users.Select(u => new { Next = u.Age + 1 })).Message);
    }

    [Fact]
    public void Hostile_values_stay_parameters()
    {
        var hostile = "x' OR 1=1; DROP TABLE users; --";
        var sql = Users.Where(u => u.Name == hostile || u.Email!.Contains(hostile)).ToSql(Postgres);

        Assert.DoesNotContain("DROP", sql.Text, StringComparison.Ordinal);
        Assert.Equal([hostile, "%" + hostile + "%"], sql.Values);
    }

    [Fact]
    public void Builder_calls_leave_the_original_query_unchanged()
    {
        var active = Users.Where(u => u.Active);
        _ = active.Where(u => u.Age > 1).OrderBy(u => u.Name).Limit(1);

        Assert.Equal("SELECT * FROM \"user\" WHERE \"active\" = @p0", active.ToSql(Sqlite).Text);
        Assert.Throws<InvalidOperationException>(() => active.ToSql());
    }

    [Fact]
    public void Sql_functions_compile_to_like_ilike_between_and_in()
    {
        Golden(Users.Where(u => Sql.Like(u.Email, "%@uk._") && !Sql.Like(u.Name, "a%")),
            "SELECT * FROM \"user\" WHERE (\"email\" LIKE @p0) AND NOT ((\"name\" LIKE @p1))",
            "SELECT * FROM \"user\" WHERE (\"email\" LIKE $1) AND NOT ((\"name\" LIKE $2))",
            "SELECT * FROM `user` WHERE (`email` LIKE @p0) AND NOT ((`name` LIKE @p1))",
            "%@uk._", "a%");
        Golden(Users.Where(u => Sql.ILike(u.Name, "A%")),
            "SELECT * FROM \"user\" WHERE LOWER(\"name\") LIKE LOWER(@p0)",
            "SELECT * FROM \"user\" WHERE \"name\" ILIKE $1",
            "SELECT * FROM `user` WHERE LOWER(`name`) LIKE LOWER(@p0)",
            "A%");
        Golden(Users.Where(u => Sql.Between(u.Age, 18, 65)),
            "SELECT * FROM \"user\" WHERE \"age\" BETWEEN @p0 AND @p1",
            "SELECT * FROM \"user\" WHERE \"age\" BETWEEN $1 AND $2",
            "SELECT * FROM `user` WHERE `age` BETWEEN @p0 AND @p1",
            18, 65);
        var buyers = new SqlQuery("orders").Select("user_id").Where("total", ">", 100);
        Golden(Users.Where(u => Sql.In(u.Id, buyers)),
            "SELECT * FROM \"user\" WHERE \"id\" IN (SELECT \"user_id\" FROM \"orders\" WHERE \"total\" > @p0)",
            "SELECT * FROM \"user\" WHERE \"id\" IN (SELECT \"user_id\" FROM \"orders\" WHERE \"total\" > $1)",
            "SELECT * FROM `user` WHERE `id` IN (SELECT `user_id` FROM `orders` WHERE `total` > @p0)",
            100);
    }

    // Expression trees, not string comparisons: the lambdas are translated to SQL and never run.
#pragma warning disable CA1862
    [Fact]
    public void Lower_upper_and_trim_wrap_the_column_in_comparisons_and_likes()
    {
        var email = "ada@uk.test";
        Golden(Users.Where(u => Sql.Lower(u.Email) == email || u.Name.ToUpperInvariant() != "ADA" || u.Name.Trim().StartsWith("a_")),
            "SELECT * FROM \"user\" WHERE ((LOWER(\"email\") = @p0) OR (UPPER(\"name\") <> @p1) OR (TRIM(\"name\") LIKE @p2 ESCAPE '!'))",
            "SELECT * FROM \"user\" WHERE ((LOWER(\"email\") = $1) OR (UPPER(\"name\") <> $2) OR (TRIM(\"name\") LIKE $3 ESCAPE '!'))",
            "SELECT * FROM `user` WHERE ((LOWER(`email`) = @p0) OR (UPPER(`name`) <> @p1) OR (TRIM(`name`) LIKE @p2 ESCAPE '!'))",
            email, "ADA", "a!_%");
        Golden(Users.Where(u => u.Email!.ToLowerInvariant() == null),
            "SELECT * FROM \"user\" WHERE (LOWER(\"email\") IS NULL)",
            "SELECT * FROM \"user\" WHERE (LOWER(\"email\") IS NULL)",
            "SELECT * FROM `user` WHERE (LOWER(`email`) IS NULL)");
    }

#pragma warning restore CA1862

    [Fact]
    public void Sql_functions_refuse_misuse_with_a_message_naming_it()
    {
        Assert.Contains("only has a meaning inside a query lambda", Assert.Throws<InvalidOperationException>(() => Sql.Like("a", "b")).Message);
        Assert.Contains("Upper(u.Name).Length", Assert.Throws<NotSupportedException>(() => Users.Where(u => Sql.Upper(u.Name)!.Length > 0)).Message);
        Assert.Contains("only the first argument", Assert.Throws<NotSupportedException>(() => Users.Where(u => Sql.Like(u.Name, u.Email!))).Message);
        Assert.Contains("is null", Assert.Throws<NotSupportedException>(() => Users.Where(u => Sql.Between<int?>(u.Score, null, 3))).Message);
        Assert.Contains("ToLower", Assert.Throws<NotSupportedException>(() => Users.Where(u => u.Name.ToLower(System.Globalization.CultureInfo.InvariantCulture).Length == 1)).Message);
    }

    public sealed class Order
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public decimal Total { get; set; }
        public string Status { get; set; } = "";
    }

    public sealed class Payment
    {
        public long Id { get; set; }
        public long OrderId { get; set; }
    }

    [Fact]
    public void Typed_joins_qualify_every_column_with_its_table()
    {
        var query = Users.Join<Order>((u, o) => u.Id == o.UserId)
            .LeftJoin<Payment>((u, p) => p.OrderId == u.Id && p.Id >= u.Age)
            .Where(u => u.Active)
            .Where((User u, Order o) => o.Total > 100 && o.Status != u.Name)
            .OrderByDescending((User u, Order o) => o.Total)
            .ThenBy(u => u.Id)
            .Limit(5);
        Golden(query,
            "SELECT \"user\".* FROM \"user\" INNER JOIN \"order\" ON \"user\".\"id\" = \"order\".\"user_id\" LEFT JOIN \"payment\" ON \"payment\".\"order_id\" = \"user\".\"id\" AND \"payment\".\"id\" >= \"user\".\"age\" WHERE \"user\".\"active\" = @p0 AND \"order\".\"total\" > @p1 AND (\"order\".\"status\" <> \"user\".\"name\") ORDER BY \"order\".\"total\" DESC, \"user\".\"id\" ASC LIMIT 5",
            "SELECT \"user\".* FROM \"user\" INNER JOIN \"order\" ON \"user\".\"id\" = \"order\".\"user_id\" LEFT JOIN \"payment\" ON \"payment\".\"order_id\" = \"user\".\"id\" AND \"payment\".\"id\" >= \"user\".\"age\" WHERE \"user\".\"active\" = $1 AND \"order\".\"total\" > $2 AND (\"order\".\"status\" <> \"user\".\"name\") ORDER BY \"order\".\"total\" DESC, \"user\".\"id\" ASC LIMIT $3",
            "SELECT `user`.* FROM `user` INNER JOIN `order` ON `user`.`id` = `order`.`user_id` LEFT JOIN `payment` ON `payment`.`order_id` = `user`.`id` AND `payment`.`id` >= `user`.`age` WHERE `user`.`active` = @p0 AND `order`.`total` > @p1 AND (`order`.`status` <> `user`.`name`) ORDER BY `order`.`total` DESC, `user`.`id` ASC LIMIT @p2",
            true, 100m, new PagingCount(5));

        var projected = Users.Join<Order>((u, o) => u.Id == o.UserId, "orders").Select((User u, Order o) => new { u.Name, o.Total });
        Assert.Equal(
            "SELECT \"user\".\"name\" AS \"Name\", \"orders\".\"total\" AS \"Total\" FROM \"user\" INNER JOIN \"orders\" ON \"user\".\"id\" = \"orders\".\"user_id\"",
            projected.ToSql(Postgres).Text);
    }

    [Fact]
    public void Typed_joins_refuse_what_would_be_ambiguous_or_is_not_a_join_condition()
    {
        Assert.Contains("must come before Where", Assert.Throws<InvalidOperationException>(() => Users.Where(u => u.Active).Join<Order>((u, o) => u.Id == o.UserId)).Message);
        Assert.Contains("column with a column", Assert.Throws<NotSupportedException>(() => Users.Join<Order>((u, o) => o.Total > 5)).Message);
        Assert.Contains("column with a column", Assert.Throws<NotSupportedException>(() => Users.Join<Order>((u, o) => u.Id == o.UserId || u.Id == o.Id)).Message);
        Assert.Contains("not joined", Assert.Throws<InvalidOperationException>(() => Users.Where((User u, Order o) => o.Total > 5)).Message);
        Assert.Contains("already joined", Assert.Throws<InvalidOperationException>(() => Users.Join<Order>((u, o) => u.Id == o.UserId).Join<Order>((u, o) => u.Id == o.Id)).Message);
        Assert.Contains("aliases", Assert.Throws<NotSupportedException>(() => Users.Join<User>((u, v) => u.Id == v.Id)).Message);
    }
}
