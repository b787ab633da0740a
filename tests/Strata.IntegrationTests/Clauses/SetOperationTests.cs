using Strata.IntegrationTests.Infrastructure;

namespace Strata.IntegrationTests.Clauses;

/// <summary>INTERSECT and EXCEPT (and their ALL forms where the database has them) give the rows of the same SQL written by hand.</summary>
public class SetOperationTests
{
    [Theory, AllDatabases]
    public async Task Intersect_and_except_match_the_hand_written_query(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);

        var built = await t.From().Select("product").Where("qty", ">=", 2)
            .Intersect(t.From().Select("product").Where("customer", "grace"))
            .Except(t.From().Select("product").Where("customer", "alan")).OrderBy("product").ToListAsync<string>();
        var hand = await t.Database.QueryAsync<string>($"""
            SELECT product FROM {t.Table} WHERE qty >= {2} INTERSECT SELECT product FROM {t.Table} WHERE customer = {"grace"}
            EXCEPT SELECT product FROM {t.Table} WHERE customer = {"alan"} ORDER BY product
            """);

        Assert.Equal(hand, built);
        Assert.Equal(["cam%50", "lever"], built.Order(StringComparer.Ordinal));
    }

    [Theory, AllDatabases]
    public async Task The_all_forms_match_the_hand_written_query_or_are_refused(Db db)
    {
        await using var t = await OrderTable.CreateAsync(db);
        Assert.Throws<InvalidOperationException>(() => t.From().Select("customer").Except(t.From().Select("customer")).IntersectAll(t.From().Select("customer")));
        if (db == Db.Sqlite)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => t.From().Select("customer").ExceptAll(t.From().Select("customer")).ToListAsync<string>());
            await Assert.ThrowsAsync<NotSupportedException>(() => t.From().Select("customer").IntersectAll(t.From().Select("customer")).ToListAsync<string>());
            return;
        }
        var except = await t.From().Select("customer").ExceptAll(t.From().Select("customer").Where("product", "gear")).OrderBy("customer").ToListAsync<string>();
        var intersect = await t.From().Select("customer").IntersectAll(t.From().Select("customer").Where("qty", ">", 1)).OrderBy("customer").ToListAsync<string>();
        var handExcept = await t.Database.QueryAsync<string>(
            $"SELECT customer FROM {t.Table} EXCEPT ALL SELECT customer FROM {t.Table} WHERE product = {"gear"} ORDER BY customer");
        var handIntersect = await t.Database.QueryAsync<string>(
            $"SELECT customer FROM {t.Table} INTERSECT ALL SELECT customer FROM {t.Table} WHERE qty > {1} ORDER BY customer");

        Assert.Equal(handExcept, except);
        Assert.Equal(["ada", "alan", "grace", "grace"], except);
        Assert.Equal(handIntersect, intersect);
        Assert.Equal(["ada", "alan", "alan", "grace", "grace", "grace"], intersect);
    }
}
