namespace Strata;

/// <summary>One page of an offset pagination (<see cref="IRepository{TEntity, TKey}.PaginateAsync"/>).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Items">The page's rows.</param>
/// <param name="PageNumber">The 1-based page.</param>
/// <param name="PageSize">The page size used (after clamping).</param>
/// <param name="Total">Rows in all pages.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    /// <summary>How many pages there are (at least 1).</summary>
    public int PageCount => Total == 0 ? 1 : (int)((Total + PageSize - 1) / PageSize);

    /// <summary>True when a later page exists.</summary>
    public bool HasNext => PageNumber < PageCount;

    /// <summary>True when an earlier page exists.</summary>
    public bool HasPrevious => PageNumber > 1;
}

/// <summary>One page of a keyset pagination (<see cref="IRepository{TEntity, TKey}.PaginateAfterAsync{TOrder}"/>).</summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <param name="Items">The page's rows.</param>
/// <param name="NextCursor">The cursor of the next page, or null when this is the last.</param>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>True when a next page exists.</summary>
    public bool HasNext => NextCursor is not null;
}
