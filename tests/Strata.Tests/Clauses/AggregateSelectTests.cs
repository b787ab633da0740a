using Strata.Query;

namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for aggregates in the select list and in HAVING: FILTER where the dialect has it, CASE inside the call elsewhere.</summary>
public class AggregateSelectTests
{
    [Fact]
    public void Aggregates_are_selected_with_their_aliases_and_filters()
    {
        var query = new SqlQuery("orders").Select("customer").SelectAggregate(Aggregate.Count(), "n")
            .SelectAggregate(Aggregate.Sum("qty").Where(f => f.Where("product", "gear")), "gears")
            .SelectAggregate(Aggregate.Count().Where(f => f.Where("price", ">=", 20).OrWhereNull("price")), "dear")
            .SelectAggregate(Aggregate.CountDistinct("o.product"), "products")
            .GroupBy("customer");
        Golden.Check(query,
            "SELECT \"customer\", COUNT(*) AS \"n\", SUM(\"qty\") FILTER (WHERE \"product\" = @p0) AS \"gears\", " +
            "COUNT(*) FILTER (WHERE \"price\" >= @p1 OR \"price\" IS NULL) AS \"dear\", COUNT(DISTINCT \"o\".\"product\") AS \"products\" FROM \"orders\" GROUP BY \"customer\"",
            "SELECT \"customer\", COUNT(*) AS \"n\", SUM(\"qty\") FILTER (WHERE \"product\" = $1) AS \"gears\", " +
            "COUNT(*) FILTER (WHERE \"price\" >= $2 OR \"price\" IS NULL) AS \"dear\", COUNT(DISTINCT \"o\".\"product\") AS \"products\" FROM \"orders\" GROUP BY \"customer\"",
            "SELECT `customer`, COUNT(*) AS `n`, SUM(CASE WHEN `product` = @p0 THEN `qty` END) AS `gears`, " +
            "COUNT(CASE WHEN `price` >= @p1 OR `price` IS NULL THEN 1 END) AS `dear`, COUNT(DISTINCT `o`.`product`) AS `products` FROM `orders` GROUP BY `customer`",
            "gear", 20);
    }

    [Fact]
    public void Aggregates_are_compared_in_having()
    {
        var query = new SqlQuery("orders").Select("customer").GroupBy("customer")
            .Having(Aggregate.Count(), ">", 1).OrHaving(Aggregate.Max("price"), "=", null)
            .Having(h => h.Where(Aggregate.Avg("qty"), ComparisonOperator.LessThan, 9).OrWhere(Aggregate.Min("qty").Where(f => f.Where("qty", ">", 0)), "<>", 3));
        Golden.Check(query,
            "SELECT \"customer\" FROM \"orders\" GROUP BY \"customer\" HAVING COUNT(*) > @p0 OR MAX(\"price\") IS NULL " +
            "AND (AVG(\"qty\") < @p1 OR MIN(\"qty\") FILTER (WHERE \"qty\" > @p2) <> @p3)",
            "SELECT \"customer\" FROM \"orders\" GROUP BY \"customer\" HAVING COUNT(*) > $1 OR MAX(\"price\") IS NULL " +
            "AND (AVG(\"qty\") < $2 OR MIN(\"qty\") FILTER (WHERE \"qty\" > $3) <> $4)",
            "SELECT `customer` FROM `orders` GROUP BY `customer` HAVING COUNT(*) > @p0 OR MAX(`price`) IS NULL " +
            "AND (AVG(`qty`) < @p1 OR MIN(CASE WHEN `qty` > @p2 THEN `qty` END) <> @p3)",
            1, 9, 0, 3);
    }

    [Fact]
    public void A_cached_shape_keeps_filter_values_in_place()
    {
        for (var i = 0; i < 3; i++)
        {
            var rendered = new SqlQuery("orders").SelectAggregate(Aggregate.Sum("qty").Where(f => f.Where("product", "p" + i)), "s")
                .Where("id", ">", i).GroupBy("customer").Having(Aggregate.Count(), ">", i * 10).ToSql(Golden.MySql);
            Assert.Equal([(object?)("p" + i), i, i * 10], rendered.Values);
        }
    }

    [Fact]
    public void An_aggregate_in_where_or_a_bad_aggregate_is_refused_when_built()
    {
        var orders = new SqlQuery("orders");
        var e = Assert.Throws<ArgumentException>(() => orders.Where(Aggregate.Count(), ">", 1));
        Assert.Contains("HAVING", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => orders.Where(g => g.Where("a", 1).OrWhere(Aggregate.Sum("qty"), ">", 1)));
        Assert.Throws<ArgumentException>(() => Aggregate.Sum("*"));
        Assert.Throws<ArgumentException>(() => Aggregate.Max("qty; DROP TABLE x"));
        Assert.Throws<ArgumentException>(() => orders.SelectAggregate(Aggregate.Count(), "a.b"));
        Assert.Throws<ArgumentException>(() => orders.Having(Aggregate.Count(), ">", null));
        Assert.Throws<ArgumentException>(() => orders.Having(Aggregate.Count(), ">", new[] { 1, 2 }));
    }
}
