using Strata.Query;

namespace Strata;

/// <summary>
/// Window functions for the select list, the same on every database: <c>SelectWindow(Window.RowNumber().PartitionBy("customer").OrderBy("created_at"), "n")</c>.
/// An aggregate over a window is <c>Aggregate.Sum("qty").Over()</c>.
/// </summary>
public static class Window
{
    /// <summary><c>ROW_NUMBER()</c>: numbers the rows of each partition 1, 2, 3 … in the window's order.</summary>
    public static WindowExpression RowNumber() => new(WindowFunction.RowNumber, null, 0, null);

    /// <summary><c>RANK()</c>: ties share a rank and leave a gap (1, 1, 3).</summary>
    public static WindowExpression Rank() => new(WindowFunction.Rank, null, 0, null);

    /// <summary><c>DENSE_RANK()</c>: ties share a rank without a gap (1, 1, 2).</summary>
    public static WindowExpression DenseRank() => new(WindowFunction.DenseRank, null, 0, null);

    /// <summary><c>LAG(column, offset)</c>: the column's value <paramref name="offset"/> rows before in the window's order, or NULL.</summary>
    /// <param name="column">The column.</param>
    /// <param name="offset">How many rows back; 1 or more (written into the SQL as a number: MySQL takes no parameter there).</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An offset under 1.</exception>
    public static WindowExpression Lag(string column, int offset = 1) => Shift(WindowFunction.Lag, column, offset);

    /// <summary><c>LEAD(column, offset)</c>: the column's value <paramref name="offset"/> rows after, or NULL.</summary>
    /// <param name="column">The column.</param>
    /// <param name="offset">How many rows ahead; 1 or more.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An offset under 1.</exception>
    public static WindowExpression Lead(string column, int offset = 1) => Shift(WindowFunction.Lead, column, offset);

    private static WindowExpression Shift(WindowFunction function, string column, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, 1);
        return new(function, SqlQuery.ColumnName(column, nameof(column)), offset, null);
    }
}
