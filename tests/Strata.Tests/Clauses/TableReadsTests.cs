using Strata.Caching;

namespace Strata.Tests.Clauses;

/// <summary>The tables a query's cached result depends on include those read by the new clause forms.</summary>
public class TableReadsTests
{
    [Fact]
    public void Subqueries_as_values_and_in_the_select_list_are_read_and_raw_sources_are_not()
    {
        var query = SqlQuery.WithoutFrom()
            .SelectSubquery(new SqlQuery("orders").SelectAggregate(Aggregate.Count(), "n").Where("price", ">", new SqlQuery("prices").Select("p")), "n");
        Assert.Equal(["orders", "prices"], TableReads.Of(query.Node));

        var raw = SqlQuery.FromRaw($"generate_series(1, {3})", "g").WithValues("v", ["a"], [[1]]).WhereIn("g", new SqlQuery("kept").Select("k"));
        Assert.Equal(["kept"], TableReads.Of(raw.Node));
    }
}
