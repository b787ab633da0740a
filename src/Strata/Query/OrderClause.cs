namespace Strata.Query;

/// <summary>One ORDER BY term.</summary>
/// <param name="Column">The column.</param>
/// <param name="Direction">Ascending or descending.</param>
public sealed record OrderClause(string Column, SortDirection Direction)
{
    /// <summary>Where NULLs sort.</summary>
    public NullsOrder Nulls { get; init; }
}
