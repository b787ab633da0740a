using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>Aggregates in the select list (with FILTER or its CASE form) and in HAVING give the rows of the same SQL written by hand.</summary>
public class AggregateSelectTests
{
    public sealed record CustomerTotals(string Customer, long N, long? Gears, long Dear, long Products, long? MaxPrice);

    [Theory, AllDatabases]
    public async Task Aggregates_with_filters_and_having_match_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("customer").SelectAggregate(Aggregate.Count(), "n")
            .SelectAggregate(Aggregate.Sum("qty").Where(f => f.Where("product", "gear")), "gears")
            .SelectAggregate(Aggregate.Count().Where(f => f.Where("price", ">=", 20).OrWhereNull("price")), "dear")
            .SelectAggregate(Aggregate.CountDistinct("product"), "products")
            .SelectAggregate(Aggregate.Max("price"), "max_price")
            .GroupBy("customer").Having(Aggregate.Count(), ">", 1).OrHaving(Aggregate.Sum("returned"), ">=", 5)
            .OrderBy("customer").ToListAsync<CustomerTotals>();
        var hand = await t.Database.QueryAsync<CustomerTotals>($"""
            SELECT customer, COUNT(*) AS n, SUM(CASE WHEN product = {"gear"} THEN qty END) AS gears,
                   COUNT(CASE WHEN price >= {20} OR price IS NULL THEN 1 END) AS dear, COUNT(DISTINCT product) AS products, MAX(price) AS max_price
            FROM {t.Table} GROUP BY customer HAVING COUNT(*) > {1} OR SUM(returned) >= {5} ORDER BY customer
            """);

        Assert.Equal(hand, built);
        Assert.Equal(
            [new CustomerTotals("ada", 2, 3, 1, 2, 25), new CustomerTotals("alan", 2, 5, 1, 2, 40), new CustomerTotals("grace", 3, 7, 2, 3, 30)],
            built);
    }

    [Theory, AllDatabases]
    public async Task An_aggregate_compared_with_null_in_having_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("product").GroupBy("product")
            .Having(h => h.Where(Aggregate.Min("price").Where(f => f.Where("customer", "linus")), "=", null).Where(Aggregate.Avg("qty"), ">", 1))
            .OrderBy("product").ToListAsync<string>();
        var hand = await t.Database.QueryAsync<string>($"""
            SELECT product FROM {t.Table} GROUP BY product
            HAVING MIN(CASE WHEN customer = {"linus"} THEN price END) IS NULL AND AVG(qty) > {1} ORDER BY product
            """);

        Assert.Equal(hand, built);
        Assert.Equal(["cam%50", "cam_shaft", "lever"], built.Order(StringComparer.Ordinal));   // collations order % and _ differently
    }
}
