namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for UPDATE and DELETE through joins in each database's form, and WITH on writes.</summary>
public class JoinedWriteTests
{
    private static SqlQuery Joined => new SqlQuery("orders AS o").Join("customers AS c", "c.name", "=", "o.customer").Where("c.vip", true);

    [Fact]
    public void Update_through_a_join_takes_each_databases_form()
    {
        var values = new Dictionary<string, object?> { ["returned"] = 0, ["price"] = (Sql)$"{Sql.Identifier("c.level")} * {100}" };
        Assert.Equal("UPDATE \"orders\" AS \"o\" SET \"returned\" = @p0, \"price\" = \"c\".\"level\" * @p1 FROM \"customers\" AS \"c\" WHERE \"c\".\"name\" = \"o\".\"customer\" AND (\"c\".\"vip\" = @p2)",
            Joined.ToUpdateSql(values, Golden.Sqlite).Text);
        Assert.Equal("UPDATE \"orders\" AS \"o\" SET \"returned\" = $1, \"price\" = \"c\".\"level\" * $2 FROM \"customers\" AS \"c\" WHERE \"c\".\"name\" = \"o\".\"customer\" AND (\"c\".\"vip\" = $3)",
            Joined.ToUpdateSql(values, Golden.Postgres).Text);
        Assert.Equal("UPDATE `orders` AS `o` INNER JOIN `customers` AS `c` ON `c`.`name` = `o`.`customer` SET `o`.`returned` = @p0, `o`.`price` = `c`.`level` * @p1 WHERE `c`.`vip` = @p2",
            Joined.ToUpdateSql(values, Golden.MariaDb).Text);
        Assert.Equal([0, 100, true], Joined.ToUpdateSql(values, Golden.MySql).Values);
    }

    [Fact]
    public void Delete_through_a_join_takes_each_databases_form()
    {
        Assert.Equal("DELETE FROM \"orders\" WHERE rowid IN (SELECT \"o\".rowid FROM \"orders\" AS \"o\" INNER JOIN \"customers\" AS \"c\" ON \"c\".\"name\" = \"o\".\"customer\" WHERE \"c\".\"vip\" = @p0)",
            Joined.ToDeleteSql(Golden.Sqlite).Text);
        Assert.Equal("DELETE FROM \"orders\" AS \"o\" USING \"customers\" AS \"c\" WHERE \"c\".\"name\" = \"o\".\"customer\" AND (\"c\".\"vip\" = $1)",
            Joined.ToDeleteSql(Golden.Postgres).Text);
        Assert.Equal("DELETE `o` FROM `orders` AS `o` INNER JOIN `customers` AS `c` ON `c`.`name` = `o`.`customer` WHERE `c`.`vip` = @p0",
            Joined.ToDeleteSql(Golden.MySql).Text);
    }

    [Fact]
    public void With_stands_before_update_and_delete_and_inside_insert_from()
    {
        var small = new SqlQuery("orders").Select("id").Where("qty", "<", 2);
        var query = new SqlQuery("orders").With("small", small).WhereIn("id", new SqlQuery("small").Select("id"));
        Golden.Same(query,
            "WITH \"small\" AS (SELECT \"id\" FROM \"orders\" WHERE \"qty\" < @p0) SELECT * FROM \"orders\" WHERE \"id\" IN (SELECT \"id\" FROM \"small\")", 2);
        Assert.Equal("WITH \"small\" AS (SELECT \"id\" FROM \"orders\" WHERE \"qty\" < $1) DELETE FROM \"orders\" WHERE \"id\" IN (SELECT \"id\" FROM \"small\")",
            query.ToDeleteSql(Golden.Postgres).Text);
        Assert.Equal("WITH `small` AS (SELECT `id` FROM `orders` WHERE `qty` < @p0) UPDATE `orders` SET `qty` = @p1 WHERE `id` IN (SELECT `id` FROM `small`)",
            query.ToUpdateSql(new { qty = 2 }, Golden.MySql).Text);
        var e = Assert.Throws<NotSupportedException>(() => query.ToDeleteSql(Golden.MariaDb));
        Assert.Contains("WITH", e.Message, StringComparison.Ordinal);
        Assert.Equal("INSERT INTO `archive` (`id`) WITH `small` AS (SELECT `id` FROM `orders` WHERE `qty` < @p0) SELECT `id` FROM `small`",
            new SqlQuery("archive").With("small", small).ToInsertFromSql(["id"], new SqlQuery("small").Select("id"), Golden.MariaDb).Text);
    }

    [Fact]
    public void A_write_through_an_outer_join_or_without_a_condition_is_refused()
    {
        Assert.Throws<NotSupportedException>(() => new SqlQuery("orders AS o").LeftJoin("customers AS c", "c.name", "=", "o.customer").Where("c.vip", true).ToDeleteSql(Golden.Postgres));
        Assert.Throws<InvalidOperationException>(() => new SqlQuery("orders").CrossJoin("customers").ToDeleteSql(Golden.MySql));
        Assert.Equal("DELETE `o` FROM `orders` AS `o` INNER JOIN `customers` AS `c` ON `c`.`name` = `o`.`customer`",
            new SqlQuery("orders AS o").Join("customers AS c", "c.name", "=", "o.customer").ToDeleteSql(Golden.MySql).Text);
        Assert.Throws<InvalidOperationException>(() => Joined.OrderBy("o.id").ToDeleteSql(Golden.MySql));
    }
}
