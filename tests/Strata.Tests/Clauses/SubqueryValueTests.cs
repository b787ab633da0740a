namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for a subquery as a comparison value, and the values a condition refuses when it is built.</summary>
public class SubqueryValueTests
{
    private static SqlQuery Orders => new("orders");

    [Fact]
    public void A_subquery_as_a_value_renders_in_parentheses_with_its_parameters_in_place()
    {
        var avg = Orders.SelectAggregate(Aggregate.Avg("price"), "a").Where("customer", "ada");
        Golden.Same(Orders.Select("id").Where("id", ">", 0).Where("price", ">", avg).OrWhere("qty", avg).Where("id", "<", 9),
            "SELECT \"id\" FROM \"orders\" WHERE \"id\" > @p0 AND \"price\" > (SELECT AVG(\"price\") AS \"a\" FROM \"orders\" WHERE \"customer\" = @p1) " +
            "OR \"qty\" = (SELECT AVG(\"price\") AS \"a\" FROM \"orders\" WHERE \"customer\" = @p2) AND \"id\" < @p3",
            0, "ada", "ada", 9);
        Golden.Same(Orders.Select("product").GroupBy("product").Having(h => h.Where("product", "<>", Orders.Select("product").Where("id", 1))),
            "SELECT \"product\" FROM \"orders\" GROUP BY \"product\" HAVING \"product\" <> (SELECT \"product\" FROM \"orders\" WHERE \"id\" = @p0)", 1);
    }

    [Fact]
    public void A_value_no_parameter_can_carry_is_refused_naming_the_column()
    {
        var query = Orders.Select("id");
        AssertRefused(() => Orders.Where("price", "=", new Func<int>(() => 1)), "'price'", "call it");
        AssertRefused(() => Orders.Where("price", Task.FromResult(1)), "'price'", "await it");
        AssertRefused(() => Orders.Where("price", new ValueTask<int>(1)), "'price'", "await it");
        AssertRefused(() => Orders.Where("price", query.Node), "'price'", "SqlQuery itself");
        AssertRefused(() => Orders.Where("price", ">", Aggregate.Count()), "'price'", "HAVING");
        AssertRefused(() => Orders.Where("price", typeof(int)), "'price'", "not a type");
        AssertRefused(() => Orders.WhereBetween("price", query, 5), "'price'", "WhereIn(column, subquery)");
        AssertRefused(() => Orders.WhereIn("qty", new object[] { 1, query }), "'qty'", "subquery");
        AssertRefused(() => Orders.Where(new Dictionary<string, object?> { ["qty"] = new Action(() => { }) }), "'qty'", "call it");
        AssertRefused(() => Orders.Where(query), "query", "WhereExists");
        AssertRefused(() => Orders.Having(Aggregate.Count(), ">", query.Node), "COUNT", "SqlQuery itself");
    }

    private static void AssertRefused(Func<object> build, params string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(build);
        foreach (var fragment in fragments) Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }
}
