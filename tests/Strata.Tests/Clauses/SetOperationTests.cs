namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for INTERSECT and EXCEPT, their ALL forms where the database has them, and the chains refused.</summary>
public class SetOperationTests
{
    private static SqlQuery Products => new SqlQuery("orders").Select("product");

    [Fact]
    public void Intersect_and_except_chain_with_order_and_paging_on_the_whole()
    {
        var body = "SELECT \"product\" FROM \"orders\" WHERE \"qty\" > @p0 INTERSECT SELECT \"product\" FROM \"orders\" WHERE \"price\" < @p1 " +
            "EXCEPT SELECT \"product\" FROM \"orders\" WHERE \"customer\" = @p2 UNION SELECT \"product\" FROM \"orders\" ORDER BY \"product\" ASC LIMIT ";
        Golden.Check(Products.Where("qty", ">", 2).Intersect(Products.Where("price", "<", 20)).Except(Products.Where("customer", "linus")).Union(Products)
                .OrderBy("product").Limit(3),
            body + "3",
            Golden.Positional(body + "@p3"),
            (body + "@p3").Replace('"', '`'),
            2, 20, "linus", new PagingCount(3));
    }

    [Fact]
    public void The_all_forms_are_refused_where_the_database_lacks_them()
    {
        var query = Products.IntersectAll(Products.Where("qty", 1)).ExceptAll(Products.Where("qty", 2));
        Assert.Equal("SELECT \"product\" FROM \"orders\" INTERSECT ALL SELECT \"product\" FROM \"orders\" WHERE \"qty\" = $1 " +
            "EXCEPT ALL SELECT \"product\" FROM \"orders\" WHERE \"qty\" = $2", query.ToSql(Golden.Postgres).Text);
        Assert.Equal("SELECT `product` FROM `orders` INTERSECT ALL SELECT `product` FROM `orders` WHERE `qty` = @p0 " +
            "EXCEPT ALL SELECT `product` FROM `orders` WHERE `qty` = @p1", query.ToSql(Golden.MariaDb).Text);
        var e = Assert.Throws<NotSupportedException>(() => query.ToSql(Golden.Sqlite));
        Assert.Contains("INTERSECT ALL", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => Products.ExceptAll(Products).ToSql(Golden.Sqlite));
    }

    [Fact]
    public void An_intersect_after_a_union_or_except_is_refused_and_a_combined_query_may_not_page()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Products.Union(Products).Intersect(Products));
        Assert.Contains("AsSubquery", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Products.Except(Products).IntersectAll(Products));
        Assert.Throws<InvalidOperationException>(() => Products.Intersect(Products.Limit(1)).ToSql(Golden.Postgres));
        Golden.Same(Products.Intersect(Products).Intersect(Products).Except(Products),
            "SELECT \"product\" FROM \"orders\" INTERSECT SELECT \"product\" FROM \"orders\" INTERSECT SELECT \"product\" FROM \"orders\" EXCEPT SELECT \"product\" FROM \"orders\"");
    }
}
