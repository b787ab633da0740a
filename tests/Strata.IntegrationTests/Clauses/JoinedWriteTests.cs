using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>
/// UPDATE and DELETE through joins, and WITH on writes: the builder's write on one copy of the orders and each database's own SQL written
/// by hand on another leave the same rows.
/// </summary>
public class JoinedWriteTests
{
    public sealed record Row(long Id, string Customer, int Qty, int Returned, int? Price);

    [Theory, AllDatabases]
    public async Task Update_through_a_join_leaves_the_rows_the_hand_written_update_leaves(Db db)
    {
        await using var built = await OrderTable.CreateAsync(db);
        await using var hand = await OrderTable.CreateAsync(db);
        var vip = await VipAsync(built, hand);
        try
        {
            var changed = await built.Database.From(built.Name, "o").Join($"{vip} AS v", "v.name", "=", "o.customer").Where("o.qty", ">", 2)
                .UpdateAsync(new Dictionary<string, object?> { ["returned"] = 9, ["price"] = (Sql)$"{Sql.Identifier("v.level")} * {100}" });
            var v = Sql.Identifier(vip);
            await hand.Database.ExecuteAsync(db switch
            {
                Db.MariaDb => $"UPDATE {hand.Table} AS o INNER JOIN {v} AS v ON v.name = o.customer SET o.returned = {9}, o.price = v.level * {100} WHERE o.qty > {2}",
                _ => $"UPDATE {hand.Table} AS o SET returned = {9}, price = v.level * {100} FROM {v} AS v WHERE v.name = o.customer AND o.qty > {2}",
            });

            Assert.Equal(3, changed);
            Assert.Equal(await RowsAsync(hand), await RowsAsync(built));
            Assert.Equal([1L, 5L, 7L], (await RowsAsync(built)).Where(r => r.Returned == 9).Select(r => r.Id));
        }
        finally
        {
            await built.Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(vip)}");
            await hand.Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(vip)}");
        }
    }

    [Theory, AllDatabases]
    public async Task Delete_through_a_join_leaves_the_rows_the_hand_written_delete_leaves(Db db)
    {
        await using var built = await OrderTable.CreateAsync(db);
        await using var hand = await OrderTable.CreateAsync(db);
        var vip = await VipAsync(built, hand);
        try
        {
            var deleted = await built.Database.From(built.Name, "o").Join($"{vip} AS v", "v.name", "=", "o.customer").Where("v.level", 2).DeleteAsync();
            var v = Sql.Identifier(vip);
            await hand.Database.ExecuteAsync(db switch
            {
                Db.MariaDb => $"DELETE o FROM {hand.Table} AS o INNER JOIN {v} AS v ON v.name = o.customer WHERE v.level = {2}",
                Db.Postgres => $"DELETE FROM {hand.Table} AS o USING {v} AS v WHERE v.name = o.customer AND v.level = {2}",
                _ => $"DELETE FROM {hand.Table} WHERE customer IN (SELECT name FROM {v} WHERE level = {2})",
            });

            Assert.Equal(3, deleted);
            Assert.Equal(await RowsAsync(hand), await RowsAsync(built));
            Assert.DoesNotContain(await RowsAsync(built), r => r.Customer == "grace");
        }
        finally
        {
            await built.Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(vip)}");
            await hand.Database.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(vip)}");
        }
    }

    [Theory, AllDatabases]
    public async Task With_on_writes_leaves_the_rows_the_hand_written_statements_leave(Db db)
    {
        await using var built = await OrderTable.CreateAsync(db);
        await using var hand = await OrderTable.CreateAsync(db);
        var columns = new[] { "id", "customer", "product", "qty", "returned", "price", "created_at" };

        var big = built.From().Select("customer", "product", "qty", "returned", "price", "created_at").Where("qty", ">", 4);
        var inserted = await built.From().With("big", big)
            .InsertFromAsync(columns, built.Database.From("big").SelectRaw($"{Sql.Identifier("qty")} + {100}", "id")
                .Select("customer", "product", "qty", "returned", "price", "created_at"));
        await hand.Database.ExecuteAsync($"""
            INSERT INTO {hand.Table} (id, customer, product, qty, returned, price, created_at)
            WITH big AS (SELECT customer, product, qty, returned, price, created_at FROM {hand.Table} WHERE qty > {4})
            SELECT qty + {100}, customer, product, qty, returned, price, created_at FROM big
            """);
        Assert.Equal(2, inserted);

        var small = built.From().Select("id").Where("qty", "<", 2);
        var delete = built.From().With("small", small).WhereIn("id", built.Database.From("small").Select("id"));
        if (db == Db.MariaDb)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => delete.DeleteAsync());
            await hand.Database.ExecuteAsync($"DELETE FROM {hand.Table} WHERE qty < {2}");
            await built.From().Where("qty", "<", 2).DeleteAsync();
        }
        else
        {
            Assert.Equal(2, await delete.DeleteAsync());
            await hand.Database.ExecuteAsync($"WITH small AS (SELECT id FROM {hand.Table} WHERE qty < {2}) DELETE FROM {hand.Table} WHERE id IN (SELECT id FROM small)");
        }

        Assert.Equal(await RowsAsync(hand), await RowsAsync(built));
        Assert.Equal(8, (await RowsAsync(built)).Count);
    }

    private static async Task<IReadOnlyList<Row>> RowsAsync(OrderTable t) =>
        await t.From().Select("id", "customer", "qty", "returned", "price").OrderBy("id").ToListAsync<Row>();

    /// <summary>A table of customers with a level, beside the orders: ada 1, grace 2 (in the second database too on SQLite, a file per table).</summary>
    private static async Task<string> VipAsync(OrderTable built, OrderTable hand)
    {
        var name = TestDatabase.Table("cf_vip");
        foreach (var t in built.Db == Db.Sqlite ? new[] { built, hand } : [built])
        {
            await t.Database.ExecuteAsync($"CREATE TABLE {Sql.Identifier(name)} (name {Sql.Raw(Types.Text(t.Db))} NOT NULL, level {Sql.Raw(Types.Int(t.Db))} NOT NULL)");
            await t.Database.ExecuteAsync($"INSERT INTO {Sql.Identifier(name)} (name, level) VALUES ({"ada"}, {1}), ({"grace"}, {2})");
        }
        return name;
    }
}
