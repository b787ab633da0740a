namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for HAVING by column, operator and value and for the WHERE family inside HAVING.</summary>
public class HavingConditionTests
{
    private static SqlQuery Orders => new SqlQuery("orders").Select("product").GroupBy("product");

    [Fact]
    public void Having_by_column_operator_and_value_joins_with_and_and_or()
    {
        Golden.Same(Orders.Having("product", "<>", "lever").Having("product", "gear").OrHaving("product", "like", "c%"),
            "SELECT \"product\" FROM \"orders\" GROUP BY \"product\" HAVING \"product\" <> @p0 AND \"product\" = @p1 OR \"product\" LIKE @p2",
            "lever", "gear", "c%");
    }

    [Fact]
    public void The_where_family_inside_having_is_grouped_and_a_single_condition_is_not()
    {
        Golden.Same(Orders.Having(h => h.WhereNotLike("product", "a").OrWhereNull("product").WhereNotLike("product", "b")).OrHaving(h => h.WhereBetween("product", "c", "d"))
                .Having("product", null).OrHaving($"COUNT(*) > {2}"),
            "SELECT \"product\" FROM \"orders\" GROUP BY \"product\" HAVING (\"product\" NOT LIKE @p0 OR \"product\" IS NULL AND \"product\" NOT LIKE @p1) " +
            "OR \"product\" BETWEEN @p2 AND @p3 AND \"product\" IS NULL OR (COUNT(*) > @p4)",
            "a", "b", "c", "d", 2);
    }

    [Fact]
    public void Starts_ends_and_contains_escape_the_wildcards_of_their_text()
    {
        Golden.Same(new SqlQuery("orders").WhereStartsWith("product", "50%_off").OrWhereEndsWith("product", "a!b").WhereContains("product", "x"),
            "SELECT * FROM \"orders\" WHERE \"product\" LIKE @p0 ESCAPE '!' OR \"product\" LIKE @p1 ESCAPE '!' AND \"product\" LIKE @p2 ESCAPE '!'",
            "50!%!_off%", "%a!!b", "%x%");
        Golden.Same(Orders.Having(h => h.WhereContains("product", "x")),
            "SELECT \"product\" FROM \"orders\" GROUP BY \"product\" HAVING \"product\" LIKE @p0 ESCAPE '!'", "%x%");
    }

    [Fact]
    public void Having_refuses_what_where_refuses()
    {
        Assert.Throws<ArgumentException>(() => Orders.Having("product\" --", "=", 1));
        Assert.Throws<ArgumentException>(() => Orders.Having("product", "==", 1));
        Assert.Throws<ArgumentException>(() => Orders.OrHaving("product", "=", new[] { 1, 2 }));
        Assert.Throws<ArgumentException>(() => Orders.Having(Sql.Empty));
        Assert.Throws<ArgumentException>(() => Orders.Having(_ => null!));
        Assert.Throws<ArgumentNullException>(() => Orders.WhereStartsWith("product", null!));
        Assert.Empty(Orders.Having(h => h).Node.Having);
    }
}
