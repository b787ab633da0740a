using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>
/// A window function, <c>FUNCTION(…) OVER (PARTITION BY … ORDER BY …)</c>: made with <see cref="Window"/> or
/// <see cref="AggregateExpression.Over"/>, shaped with <see cref="PartitionBy"/> and <see cref="OrderBy(string)"/>, selected with
/// <see cref="SqlQuery.SelectWindow"/>. Immutable: each call returns a copy.
/// </summary>
/// <param name="Function">The function.</param>
/// <param name="Column">The column LAG and LEAD read, or null.</param>
/// <param name="Offset">How many rows back or ahead LAG and LEAD look (1 or more).</param>
/// <param name="Aggregate">The aggregate, for <see cref="WindowFunction.Aggregate"/>.</param>
public sealed record WindowExpression(WindowFunction Function, string? Column, int Offset, AggregateExpression? Aggregate)
{
    /// <summary>The PARTITION BY columns; empty makes the whole result one partition.</summary>
    public ImmutableArray<string> Partition { get; init; } = [];

    /// <summary>The ORDER BY terms inside the window.</summary>
    public ImmutableArray<OrderClause> Order { get; init; } = [];

    /// <summary>A copy partitioned by more columns.</summary>
    /// <param name="columns">The columns.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public WindowExpression PartitionBy(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var added = Partition.ToBuilder();
        foreach (var column in columns) added.Add(SqlQuery.ColumnName(column, nameof(columns)));
        return this with { Partition = added.ToImmutable() };
    }

    /// <summary>A copy ordered within the window by <paramref name="column"/>, ascending (after earlier terms).</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public WindowExpression OrderBy(string column) => this with { Order = Order.Add(new OrderClause(SqlQuery.ColumnName(column, nameof(column)), SortDirection.Ascending)) };

    /// <summary>A copy ordered within the window by <paramref name="column"/>, descending.</summary>
    /// <param name="column">The column.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public WindowExpression OrderByDescending(string column) =>
        this with { Order = Order.Add(new OrderClause(SqlQuery.ColumnName(column, nameof(column)), SortDirection.Descending)) };
}
