namespace Strata.Studio.Data;

/// <summary>One condition of the table browser's filter: a column, an operator and the typed text.</summary>
/// <param name="Column">The column's name, as introspected.</param>
/// <param name="Operator">One of <see cref="FilterOperators.All"/>.</param>
/// <param name="Value">The text; ignored by the NULL tests.</param>
internal sealed record ColumnFilter(string Column, string Operator, string? Value);

/// <summary>The operators the filter form offers, with their labels.</summary>
internal static class FilterOperators
{
    /// <summary>Operator and label, in the order the form lists them.</summary>
    public static IReadOnlyList<(string Op, string Label)> All { get; } =
    [
        ("=", "equals"), ("<>", "differs from"), ("<", "less than"), ("<=", "at most"), (">", "greater than"), (">=", "at least"),
        ("contains", "contains"), ("starts", "starts with"), ("null", "is NULL"), ("notnull", "is not NULL"),
    ];

    /// <summary>True for an operator the form offers.</summary>
    public static bool IsKnown(string op) => All.Any(o => o.Op == op);

    /// <summary>True for the operators that need no value.</summary>
    public static bool TakesNoValue(string op) => op is "null" or "notnull";
}

/// <summary>What a page of the table browser asks for.</summary>
/// <param name="Sort">The column to sort by, or null for the primary key.</param>
/// <param name="Descending">Sort downwards.</param>
/// <param name="Filters">The conditions, all of which must hold.</param>
/// <param name="After">The sort values of the last row of the previous page (the keyset cursor), or null for the first page.</param>
/// <param name="Page">The page's number, 1-based; shown only, never used to skip rows when the table has a primary key.</param>
internal sealed record BrowseRequest(string? Sort, bool Descending, IReadOnlyList<ColumnFilter> Filters, IReadOnlyList<string?>? After, int Page);
