using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>HAVING by column, operator and value, and the WHERE family inside HAVING, give the rows of the same SQL written by hand.</summary>
public class HavingConditionTests
{
    public sealed record ProductCount(string Product, long N);

    [Theory, AllDatabases]
    public async Task Having_by_column_operator_and_value_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("product").SelectRaw($"COUNT(*)", "n").GroupBy("product")
            .Having("product", "<>", "lever").OrHaving("product", "=", "lever").OrderBy("product").ToListAsync<ProductCount>();
        var hand = await t.Database.QueryAsync<ProductCount>(
            $"SELECT product, COUNT(*) AS n FROM {t.Table} GROUP BY product HAVING product <> {"lever"} OR product = {"lever"} ORDER BY product");

        Assert.Equal(hand, built);
        Assert.Equal(4, built.Count);
    }

    [Theory, AllDatabases]
    public async Task The_where_family_inside_having_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("product").SelectRaw($"COUNT(*)", "n").GroupBy("product")
            .Having(h => h.WhereIn("product", new[] { "gear", "lever" }).OrWhereStartsWith("product", "cam%"))
            .Having(h => h.WhereNotNull("product").WhereNotLike("product", "x%"))
            .OrderBy("product").ToListAsync<ProductCount>();
        var hand = await t.Database.QueryAsync<ProductCount>($"""
            SELECT product, COUNT(*) AS n FROM {t.Table} GROUP BY product
            HAVING (product IN ({"gear"}, {"lever"}) OR product LIKE {"cam!%%"} ESCAPE '!') AND (product IS NOT NULL AND product NOT LIKE {"x%"})
            ORDER BY product
            """);

        Assert.Equal(hand, built);
        Assert.Equal([new ProductCount("cam%50", 1), new ProductCount("gear", 4), new ProductCount("lever", 2)], built);
    }

    [Theory, AllDatabases]
    public async Task Starts_ends_and_contains_match_their_text_literally(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        Assert.Equal([7L], await t.From().Select("id").WhereContains("product", "%5").ToListAsync<long>());
        Assert.Equal([4L, 7L], await t.From().Select("id").WhereStartsWith("product", "cam").OrderBy("id").ToListAsync<long>());
        Assert.Equal([2L, 6L, 7L], await t.From().Select("id").WhereEndsWith("product", "ver").OrWhereEndsWith("product", "50").OrderBy("id").ToListAsync<long>());
        Assert.Empty(await t.From().Select("id").WhereContains("product", "_shaft_").ToListAsync<long>());
        Assert.Equal([4L], await t.From().Select("id").WhereContains("product", "_shaft").ToListAsync<long>());
    }
}
