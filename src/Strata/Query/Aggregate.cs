using Strata.Query;

namespace Strata;

/// <summary>
/// Aggregate calls for the select list and HAVING: <c>SelectAggregate(Aggregate.Sum("total"), "revenue")</c>,
/// <c>Having(Aggregate.Count(), "&gt;", 5)</c>. Narrow one to some rows with <see cref="AggregateExpression.Where"/>.
/// </summary>
/// <remarks>Columns are validated here and quoted by the dialect; nothing is raw SQL.</remarks>
public static class Aggregate
{
    /// <summary><c>COUNT(*)</c>: the rows of the group.</summary>
    public static AggregateExpression Count() => new(AggregateFunction.Count, null, Distinct: false);

    /// <summary><c>COUNT(column)</c>: the group's non-null values of the column.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column, or <c>*</c> (use <see cref="Count()"/>).</exception>
    public static AggregateExpression Count(string column) => Of(AggregateFunction.Count, column, distinct: false);

    /// <summary><c>COUNT(DISTINCT column)</c>: the group's distinct non-null values.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static AggregateExpression CountDistinct(string column) => Of(AggregateFunction.Count, column, distinct: true);

    /// <summary><c>SUM(column)</c>; NULL for a group with no non-null value.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static AggregateExpression Sum(string column) => Of(AggregateFunction.Sum, column, distinct: false);

    /// <summary><c>AVG(column)</c>. Its type is the database's: a decimal on PostgreSQL and MySQL, a double on SQLite.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static AggregateExpression Avg(string column) => Of(AggregateFunction.Avg, column, distinct: false);

    /// <summary><c>MIN(column)</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static AggregateExpression Min(string column) => Of(AggregateFunction.Min, column, distinct: false);

    /// <summary><c>MAX(column)</c>.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static AggregateExpression Max(string column) => Of(AggregateFunction.Max, column, distinct: false);

    private static AggregateExpression Of(AggregateFunction function, string column, bool distinct) =>
        new(function, SqlQuery.ColumnName(column, nameof(column)), distinct);
}
