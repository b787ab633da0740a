using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>Comparisons between two columns give the rows of the same SQL written by hand.</summary>
public class ColumnComparisonTests
{
    [Theory, AllDatabases]
    public async Task Where_columns_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("id").WhereColumns("returned", ">=", "qty").OrWhereColumns("price", "<", "qty").OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>($"SELECT id FROM {t.Table} WHERE returned >= qty OR price < qty ORDER BY id");

        Assert.Equal(hand, built);
        Assert.Equal([2L, 4L, 7L], built);
    }

    [Theory, AllDatabases]
    public async Task Where_columns_across_a_self_join_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.Database.From(t.Name, "a").Join($"{t.Name} AS b", "a.product", "=", "b.product")
            .Select("a.id").WhereColumns("a.qty", ">", "b.qty").Where("b.customer", "linus").OrderBy("a.id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>(
            $"SELECT a.id FROM {t.Table} AS a INNER JOIN {t.Table} AS b ON a.product = b.product WHERE a.qty > b.qty AND b.customer = {"linus"} ORDER BY a.id");

        Assert.Equal(hand, built);
        Assert.Equal([1L, 3L, 5L], built);
    }
}
