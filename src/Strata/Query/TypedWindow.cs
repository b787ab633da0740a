namespace Strata;

/// <summary>
/// Window functions inside a typed projection, with members instead of column names:
/// <c>Select(o => new { o.Id, Place = TypedWindow.Rank().OrderByDescending(o.Qty).Value })</c>. The by-name form is
/// <see cref="Window"/> with <c>SelectWindow</c>; both compile to the same SQL.
/// </summary>
/// <remarks>
/// Only for expressions a query translates: the arguments name columns and are never read, and the values are never computed in
/// .NET (<see cref="WindowValue{TValue}.Value"/> throws). <c>Lag</c> and <c>Lead</c> of a value-type member give NULL at the
/// window's edges: fill a nullable member with them (<c>Prev = (int?)TypedWindow.Lag(o.Qty).Value</c> in an anonymous type).
/// </remarks>
public static class TypedWindow
{
    /// <summary><c>ROW_NUMBER()</c>: 1, 2, 3 … per partition in the window's order.</summary>
    public static WindowValue<long> RowNumber() => new();

    /// <summary><c>RANK()</c>: ties share a rank and leave a gap (1, 1, 3).</summary>
    public static WindowValue<long> Rank() => new();

    /// <summary><c>DENSE_RANK()</c>: ties share a rank without a gap (1, 1, 2).</summary>
    public static WindowValue<long> DenseRank() => new();

    /// <summary><c>LAG(column, offset)</c>: the member's value <paramref name="offset"/> rows before, or NULL.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    /// <param name="offset">How many rows back; 1 or more.</param>
    public static WindowValue<TValue?> Lag<TValue>(TValue member, int offset = 1) => new();

    /// <summary><c>LEAD(column, offset)</c>: the member's value <paramref name="offset"/> rows after, or NULL.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    /// <param name="offset">How many rows ahead; 1 or more.</param>
    public static WindowValue<TValue?> Lead<TValue>(TValue member, int offset = 1) => new();

    /// <summary><c>COUNT(*) OVER (…)</c>: the rows of the window.</summary>
    public static WindowValue<long> Count() => new();

    /// <summary><c>SUM(column) OVER (…)</c>.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public static WindowValue<TValue?> Sum<TValue>(TValue member) => new();

    /// <summary><c>AVG(column) OVER (…)</c>, read as a <see cref="decimal"/> (every database's average of integers is exact there).</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public static WindowValue<decimal?> Avg<TValue>(TValue member) => new();

    /// <summary><c>MIN(column) OVER (…)</c>.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public static WindowValue<TValue?> Min<TValue>(TValue member) => new();

    /// <summary><c>MAX(column) OVER (…)</c>.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public static WindowValue<TValue?> Max<TValue>(TValue member) => new();
}
