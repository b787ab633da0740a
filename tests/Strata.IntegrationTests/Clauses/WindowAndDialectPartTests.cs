using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>Window functions and parts for one database give the rows of the same SQL written by hand.</summary>
public class WindowAndDialectPartTests
{
    public sealed record WindowRow(long Id, long N, long Place, int? Prev, long CustomerQty);

    [Theory, AllDatabases]
    public async Task Window_functions_match_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("id").SelectWindow(Window.RowNumber().PartitionBy("customer").OrderBy("id"), "n")
            .SelectWindow(Window.Rank().OrderByDescending("qty"), "place")
            .SelectWindow(Window.Lag("qty").PartitionBy("customer").OrderBy("id"), "prev")
            .SelectWindow(Aggregate.Sum("qty").Over().PartitionBy("customer"), "customer_qty")
            .OrderBy("id").ToListAsync<WindowRow>();
        var hand = await t.Database.QueryAsync<WindowRow>($"""
            SELECT id, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY id) AS n, RANK() OVER (ORDER BY qty DESC) AS place,
                   LAG(qty, 1) OVER (PARTITION BY customer ORDER BY id) AS prev, SUM(qty) OVER (PARTITION BY customer) AS customer_qty
            FROM {t.Table} ORDER BY id
            """);

        Assert.Equal(hand, built);
        Assert.Equal(new WindowRow(3, 1, 2, null, 7), built[2]);
        Assert.Equal(new WindowRow(7, 3, 3, 2, 13), built[6]);
    }

    public sealed class Order
    {
        public long Id { get; set; }
        public string Customer { get; set; } = "";
        public int Qty { get; set; }
    }

    public sealed record TypedWindowRow(long Id, long N, long Place, int? Prev, int? CustomerQty, long CustomerOrders);

    [Theory, AllDatabases]
    public async Task Window_functions_in_a_typed_projection_match_the_by_name_form(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var typed = await t.Database.From<Order>(t.Name).OrderBy(o => o.Id).Select(o => new TypedWindowRow(o.Id,
                TypedWindow.RowNumber().PartitionBy(o.Customer).OrderBy(o.Id).Value,
                TypedWindow.Rank().OrderByDescending(o.Qty).Value,
                TypedWindow.Lag(o.Qty).PartitionBy(o.Customer).OrderBy(o.Id).Value,
                TypedWindow.Sum(o.Qty).PartitionBy(o.Customer).Value,
                TypedWindow.Count().PartitionBy(o.Customer).Value))
            .ToListAsync();
        var byName = await t.From().Select("id").SelectWindow(Window.RowNumber().PartitionBy("customer").OrderBy("id"), "n")
            .SelectWindow(Window.Rank().OrderByDescending("qty"), "place")
            .SelectWindow(Window.Lag("qty").PartitionBy("customer").OrderBy("id"), "prev")
            .SelectWindow(Aggregate.Sum("qty").Over().PartitionBy("customer"), "customer_qty")
            .SelectWindow(Aggregate.Count().Over().PartitionBy("customer"), "customer_orders")
            .OrderBy("id").ToListAsync<TypedWindowRow>();

        Assert.Equal(byName, typed);
        Assert.Equal(new TypedWindowRow(7, 3, 3, 2, 13, 3), typed[6]);
    }

    [Theory, AllDatabases]
    public async Task A_part_for_one_database_matches_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);
        var product = Sql.Identifier("product");

        var built = await t.From().Select("id").Where("qty", ">", 1)
            .ForDialect("postgres", q => q.WhereRaw($"{product} ~ {"^ca"}"))
            .ForDialect("mysql", q => q.WhereRaw($"{product} REGEXP {"^ca"}"))
            .ForDialect("sqlite", q => q.WhereRaw($"{product} GLOB {"ca*"}"))
            .OrderBy("id").ToListAsync<long>();
        var hand = await t.Database.QueryAsync<long>(db switch
        {
            Db.Postgres => $"SELECT id FROM {t.Table} WHERE qty > {1} AND product ~ {"^ca"} ORDER BY id",
            Db.MariaDb => $"SELECT id FROM {t.Table} WHERE qty > {1} AND product REGEXP {"^ca"} ORDER BY id",
            _ => $"SELECT id FROM {t.Table} WHERE qty > {1} AND product GLOB {"ca*"} ORDER BY id",
        });

        Assert.Equal(hand, built);
        Assert.Equal([4L, 7L], built);
    }
}
