using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>A SELECT of no table, a raw table expression and a VALUES table give the rows of the same SQL written by hand.</summary>
public class QuerySourceTests
{
    public sealed record Numbers(long Seven, long GraceOrders, string? Missing);

    [Theory, AllDatabases]
    public async Task A_select_without_from_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.Database.Select().SelectValue(7, "seven")
            .SelectSubquery(t.From().SelectAggregate(Aggregate.Count(), "n").Where("customer", "grace"), "grace_orders")
            .SelectSubquery(t.From().Select("product").Where("id", 99), "missing").SingleAsync<Numbers>();
        var hand = await t.Database.QuerySingleAsync<Numbers>(
            $"SELECT {7} AS seven, (SELECT COUNT(*) FROM {t.Table} WHERE customer = {"grace"}) AS grace_orders, (SELECT product FROM {t.Table} WHERE id = {99}) AS missing");

        Assert.Equal(hand, built);
        Assert.Equal(new Numbers(7, 3, null), built);
    }

    [Theory, AllDatabases]
    public async Task From_raw_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.Database.FromRaw($"(SELECT product, qty FROM {t.Table} WHERE qty > {2})", "big").Select("product")
            .Where("qty", "<", 7).OrderBy("product").ToListAsync<string>();
        var hand = await t.Database.QueryAsync<string>(
            $"SELECT product FROM (SELECT product, qty FROM {t.Table} WHERE qty > {2}) AS big WHERE qty < {7} ORDER BY product");

        Assert.Equal(hand, built);
        Assert.Equal(["cam%50", "gear", "gear"], built.Order(StringComparer.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task A_values_table_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().WithValues("wanted", ["code", "min_qty"], [["gear", 3], ["lever", 2]])
            .Join("wanted AS w", "w.code", "=", "product").WhereColumns("qty", ">=", "w.min_qty").Select("id").OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>($"""
            WITH wanted (code, min_qty) AS (VALUES {Sql.Raw(db == Db.Sqlite || db == Db.Postgres || db == Db.MariaDb ? "" : "ROW")}({"gear"}, {3}), ({"lever"}, {2}))
            SELECT id FROM {t.Table} INNER JOIN wanted AS w ON w.code = product WHERE qty >= w.min_qty ORDER BY id
            """);

        Assert.Equal(hand, built);
        Assert.Equal([1L, 3L, 5L, 6L], built);
    }
}
