namespace Strata;

/// <summary>
/// A window function in a typed projection (<see cref="TypedWindow"/>): narrow its window with <see cref="PartitionBy"/>,
/// <see cref="OrderBy"/> and <see cref="OrderByDescending"/>, then select its <see cref="Value"/>.
/// </summary>
/// <typeparam name="TValue">What the function gives per row.</typeparam>
public sealed class WindowValue<TValue>
{
    internal WindowValue()
    {
    }

    /// <summary>Restarts the function for each distinct value of <paramref name="members"/> (<c>PARTITION BY</c>).</summary>
    /// <param name="members">Mapped members of the lambda's parameter.</param>
    public WindowValue<TValue> PartitionBy(params object?[] members) => this;

    /// <summary>Orders the window by <paramref name="member"/>, ascending; call again for a further key.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public WindowValue<TValue> OrderBy(object? member) => this;

    /// <summary>Orders the window by <paramref name="member"/>, descending; call again for a further key.</summary>
    /// <param name="member">A mapped member of the lambda's parameter.</param>
    public WindowValue<TValue> OrderByDescending(object? member) => this;

    /// <summary>The function's value in the row: what a projection member is set to.</summary>
    /// <exception cref="InvalidOperationException">Always, when read outside a query's Select lambda.</exception>
    public TValue Value => throw new InvalidOperationException("A window function's value exists only in the database: use it inside Select(x => new { … = TypedWindow.RowNumber()….Value }).");
}
