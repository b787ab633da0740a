namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for window functions and for parts of a query meant for one database.</summary>
public class WindowAndDialectPartTests
{
    [Fact]
    public void Window_functions_render_over_their_partition_and_order()
    {
        var query = new SqlQuery("orders").Select("id")
            .SelectWindow(Window.RowNumber().PartitionBy("customer").OrderBy("created_at").OrderByDescending("id"), "n")
            .SelectWindow(Window.DenseRank().OrderByDescending("qty"), "place")
            .SelectWindow(Window.Lag("qty", 2).PartitionBy("customer").OrderBy("id"), "before")
            .SelectWindow(Aggregate.Sum("qty").Where(f => f.Where("product", "gear")).Over().PartitionBy("customer"), "gears");
        Golden.Check(query,
            "SELECT \"id\", ROW_NUMBER() OVER (PARTITION BY \"customer\" ORDER BY \"created_at\" ASC, \"id\" DESC) AS \"n\", DENSE_RANK() OVER (ORDER BY \"qty\" DESC) AS \"place\", " +
            "LAG(\"qty\", 2) OVER (PARTITION BY \"customer\" ORDER BY \"id\" ASC) AS \"before\", SUM(\"qty\") FILTER (WHERE \"product\" = @p0) OVER (PARTITION BY \"customer\") AS \"gears\" FROM \"orders\"",
            "SELECT \"id\", ROW_NUMBER() OVER (PARTITION BY \"customer\" ORDER BY \"created_at\" ASC, \"id\" DESC) AS \"n\", DENSE_RANK() OVER (ORDER BY \"qty\" DESC) AS \"place\", " +
            "LAG(\"qty\", 2) OVER (PARTITION BY \"customer\" ORDER BY \"id\" ASC) AS \"before\", SUM(\"qty\") FILTER (WHERE \"product\" = $1) OVER (PARTITION BY \"customer\") AS \"gears\" FROM \"orders\"",
            "SELECT `id`, ROW_NUMBER() OVER (PARTITION BY `customer` ORDER BY `created_at` ASC, `id` DESC) AS `n`, DENSE_RANK() OVER (ORDER BY `qty` DESC) AS `place`, " +
            "LAG(`qty`, 2) OVER (PARTITION BY `customer` ORDER BY `id` ASC) AS `before`, SUM(CASE WHEN `product` = @p0 THEN `qty` END) OVER (PARTITION BY `customer`) AS `gears` FROM `orders`",
            "gear");
        Assert.Equal("SELECT RANK() OVER () AS `r`, LEAD(`qty`, 1) OVER () AS `after` FROM `orders`",
            new SqlQuery("orders").SelectWindow(Window.Rank(), "r").SelectWindow(Window.Lead("qty"), "after").ToSql(Golden.MySql).Text);
        Assert.NotEqual(new SqlQuery("orders").SelectWindow(Window.Lag("qty", 257), "x").ToSql(Golden.MySql).Text,
            new SqlQuery("orders").SelectWindow(Window.Lead("qty", 1), "x").ToSql(Golden.MySql).Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Lag("qty", 0));
        Assert.Throws<ArgumentException>(() => Window.RowNumber().PartitionBy("*"));
    }

    public sealed class Order
    {
        public long Id { get; set; }
        public string Customer { get; set; } = "";
        public int Qty { get; set; }
    }

    [Fact]
    public void Window_functions_in_a_typed_projection_render_as_the_by_name_form()
    {
        var typed = new SqlQuery<Order>("orders").Select(o => new
        {
            o.Id,
            N = TypedWindow.RowNumber().PartitionBy(o.Customer).OrderBy(o.Id).OrderByDescending(o.Qty).Value,
            Before = TypedWindow.Lag(o.Qty, 2).OrderBy(o.Id).Value,
            Total = TypedWindow.Sum(o.Qty).PartitionBy(o.Customer, o.Id).Value,
        });
        Assert.Equal("SELECT \"id\" AS \"Id\", ROW_NUMBER() OVER (PARTITION BY \"customer\" ORDER BY \"id\" ASC, \"qty\" DESC) AS \"N\", LAG(\"qty\", 2) OVER (ORDER BY \"id\" ASC) AS \"Before\", " +
            "SUM(\"qty\") OVER (PARTITION BY \"customer\", \"id\") AS \"Total\" FROM \"orders\"", typed.ToSql(Golden.Postgres).Text);
        Assert.Equal("SELECT `id` AS `Id`, ROW_NUMBER() OVER (PARTITION BY `customer` ORDER BY `id` ASC, `qty` DESC) AS `N`, LAG(`qty`, 2) OVER (ORDER BY `id` ASC) AS `Before`, " +
            "SUM(`qty`) OVER (PARTITION BY `customer`, `id`) AS `Total` FROM `orders`", typed.ToSql(Golden.MySql).Text);

        var array = new[] { "Customer" };
        Assert.Throws<NotSupportedException>(() => new SqlQuery<Order>("orders").Select(o => new { N = TypedWindow.RowNumber().PartitionBy(array).Value }));
        Assert.Throws<InvalidOperationException>(() => TypedWindow.Rank().Value);
    }

    [Fact]
    public void A_part_for_one_database_is_applied_there_only_and_after_later_calls()
    {
        var query = new SqlQuery("orders").Where("qty", ">", 1)
            .ForDialect("postgres", q => q.WhereRaw($"{Sql.Identifier("tags")} @> {new[] { "a" }}"))
            .ForDialect("mysql", q => q.OrderByDescending("qty"))
            .OrderBy("id");
        Assert.Equal("SELECT * FROM \"orders\" WHERE \"qty\" > @p0 ORDER BY \"id\" ASC", query.ToSql(Golden.Sqlite).Text);
        Assert.Equal("SELECT * FROM \"orders\" WHERE \"qty\" > $1 AND (\"tags\" @> $2) ORDER BY \"id\" ASC", query.ToSql(Golden.Postgres).Text);
        Assert.Equal("SELECT * FROM `orders` WHERE `qty` > @p0 ORDER BY `id` ASC, `qty` DESC", query.ToSql(Golden.MySql).Text);
        Assert.Equal("SELECT * FROM `orders` WHERE `qty` > @p0 ORDER BY `id` ASC, `qty` DESC", query.ToSql(Golden.MariaDb).Text);
        Assert.Equal("DELETE FROM \"orders\" WHERE \"qty\" > $1 AND (\"tags\" @> $2)", new SqlQuery("orders").Where("qty", ">", 1)
            .ForDialect("postgresql", q => q.WhereRaw($"{Sql.Identifier("tags")} @> {new[] { "a" }}")).ToDeleteSql(Golden.Postgres).Text);
        Assert.Throws<ArgumentException>(() => new SqlQuery("orders").ForDialect(" ", q => q));
        Assert.Throws<ArgumentException>(() => new SqlQuery("orders").ForDialect("sqlite", _ => null!).ToSql(Golden.Sqlite));
    }
}
