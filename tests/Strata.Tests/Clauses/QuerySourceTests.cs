namespace Strata.Tests.Clauses;

/// <summary>Golden SQL for a SELECT of no table, a raw table expression, scalar subqueries and VALUES tables.</summary>
public class QuerySourceTests
{
    [Fact]
    public void A_select_without_from_selects_values_and_scalar_subqueries()
    {
        var query = SqlQuery.WithoutFrom().SelectValue(1, "one")
            .SelectSubquery(new SqlQuery("orders").SelectAggregate(Aggregate.Count(), "n").Where("qty", ">", 2), "big");
        Golden.Check(query,
            "SELECT @p0 AS \"one\", (SELECT COUNT(*) AS \"n\" FROM \"orders\" WHERE \"qty\" > @p1) AS \"big\"",
            "SELECT $1 AS \"one\", (SELECT COUNT(*) AS \"n\" FROM \"orders\" WHERE \"qty\" > $2) AS \"big\"",
            "SELECT @p0 AS `one`, (SELECT COUNT(*) AS `n` FROM `orders` WHERE `qty` > @p1) AS `big` FROM DUAL",
            1, 2);
    }

    [Fact]
    public void From_raw_places_the_table_expression_with_its_parameters_and_alias()
    {
        Golden.Same(SqlQuery.FromRaw($"generate_series(1, {5})", "g").Select("g").Where("g", ">", 2),
            "SELECT \"g\" FROM generate_series(1, @p0) AS \"g\" WHERE \"g\" > @p1", 5, 2);
        Assert.Throws<ArgumentException>(() => SqlQuery.FromRaw(Sql.Empty, "g"));
        Assert.Throws<ArgumentException>(() => SqlQuery.FromRaw($"x", "a.b"));
    }

    [Fact]
    public void With_values_binds_every_row_as_parameters_in_each_databases_row_form()
    {
        var query = new SqlQuery("wanted").WithValues("wanted", ["code", "qty"], [["a", 1], ["b", null]]).Select("code");
        Assert.Equal("WITH \"wanted\" (\"code\", \"qty\") AS (VALUES (@p0, @p1), (@p2, @p3)) SELECT \"code\" FROM \"wanted\"", query.ToSql(Golden.Sqlite).Text);
        Assert.Equal("WITH \"wanted\" (\"code\", \"qty\") AS (VALUES ($1, $2), ($3, $4)) SELECT \"code\" FROM \"wanted\"", query.ToSql(Golden.Postgres).Text);
        Assert.Equal("WITH `wanted` (`code`, `qty`) AS (VALUES ROW(@p0, @p1), ROW(@p2, @p3)) SELECT `code` FROM `wanted`", query.ToSql(Golden.MySql).Text);
        Assert.Equal("WITH `wanted` (`code`, `qty`) AS (VALUES (@p0, @p1), (@p2, @p3)) SELECT `code` FROM `wanted`", query.ToSql(Golden.MariaDb).Text);
        Assert.Equal(["a", 1, "b", null], query.ToSql(Golden.MySql).Values);
    }

    [Fact]
    public void With_values_refuses_rows_it_cannot_bind()
    {
        var q = new SqlQuery("t");
        Assert.Throws<ArgumentException>(() => q.WithValues("t", [], [[1]]));
        Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a"], Array.Empty<object?[]>()));
        var e = Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a", "b"], [[1, 2], [3]]));
        Assert.Contains("Row 2", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a"], [[new Func<int>(() => 1)]]));
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a"], [[(Sql)$"1"]]));
        Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a b"], [[1]]));
        Assert.Throws<ArgumentException>(() => q.WithValues("t", ["a"], [[1]]).WithValues("T", ["a"], [[1]]));
        Assert.Throws<ArgumentException>(() => SqlQuery.WithoutFrom().SelectValue(Task.FromResult(1), "x"));
        Assert.Throws<InvalidOperationException>(() => SqlQuery.WithoutFrom().ToDeleteSql(Golden.Sqlite));
    }
}
