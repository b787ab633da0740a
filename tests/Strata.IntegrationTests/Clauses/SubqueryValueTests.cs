using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>A subquery as a comparison value gives the rows of the same SQL written by hand; an unbindable value never reaches the driver.</summary>
public class SubqueryValueTests
{
    [Theory, AllDatabases]
    public async Task A_subquery_as_a_comparison_value_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var average = t.From().SelectAggregate(Aggregate.Avg("price"), "avg_price").Where("customer", "grace");
        var most = t.From().SelectAggregate(Aggregate.Max("qty"), "most");
        var built = await t.From().Select("id").Where("price", ">", average).OrWhere("qty", most).OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>($"""
            SELECT id FROM {t.Table} WHERE price > (SELECT AVG(price) FROM {t.Table} WHERE customer = {"grace"})
               OR qty = (SELECT MAX(qty) FROM {t.Table}) ORDER BY id
            """);

        Assert.Equal(hand, built);
        Assert.Equal([2L, 4L, 5L, 7L], built);
    }

    [Theory, AllDatabases]
    public async Task A_value_that_cannot_be_a_parameter_is_refused_before_anything_runs(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var e = Assert.Throws<ArgumentException>(() => t.From().Where("price", t.From().Select("price").Node));
        Assert.Contains("'price'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => t.From().Where("price", ">", Task.FromResult(3)));
        Assert.Equal(8, await t.From().CountAsync());
    }
}
