using Strata.Query;
namespace Strata;

/// <summary>The direction of an ORDER BY term.</summary>
public enum SortDirection
{
    /// <summary><c>ASC</c>.</summary>
    Ascending,

    /// <summary><c>DESC</c>.</summary>
    Descending,
}
