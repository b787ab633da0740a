namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for comparisons between two columns in WHERE and HAVING.</summary>
public class ColumnComparisonTests
{
    [Fact]
    public void Where_columns_compares_two_columns_without_parameters()
    {
        Golden.Same(new SqlQuery("orders AS o").Join("users AS u", "u.id", "=", "o.user_id")
                .WhereColumns("o.returned", ">=", "o.qty").OrWhereColumns("o.total", "<>", "u.credit").Where("o.id", ">", 5),
            "SELECT * FROM \"orders\" AS \"o\" INNER JOIN \"users\" AS \"u\" ON \"u\".\"id\" = \"o\".\"user_id\" " +
            "WHERE \"o\".\"returned\" >= \"o\".\"qty\" OR \"o\".\"total\" <> \"u\".\"credit\" AND \"o\".\"id\" > @p0",
            5);
        Golden.Same(new SqlQuery("orders").Select("customer").GroupBy("customer", "product").Having(h => h.WhereColumns("customer", "<", "product")),
            "SELECT \"customer\" FROM \"orders\" GROUP BY \"customer\", \"product\" HAVING \"customer\" < \"product\"");
    }

    [Fact]
    public void Where_columns_refuses_what_is_not_a_column_name()
    {
        var orders = new SqlQuery("orders");
        Assert.Throws<ArgumentException>(() => orders.WhereColumns("qty", "=", "*"));
        Assert.Throws<ArgumentException>(() => orders.WhereColumns("qty", "=", "5 OR 1=1"));
        Assert.Throws<ArgumentException>(() => orders.WhereColumns("qty", "===", "returned"));
        Assert.Throws<ArgumentNullException>(() => orders.OrWhereColumns(null!, "=", "returned"));
    }
}
