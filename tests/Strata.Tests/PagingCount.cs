using Strata.Dialects;

namespace Strata.Tests;

/// <summary>
/// A LIMIT or OFFSET count among a golden test's expected values: bound as a parameter where the dialect binds counts, and
/// absent from the values where it writes them into the text (<see cref="SqlDialect.InlinesPagingCounts"/>, SQLite).
/// </summary>
internal sealed record PagingCount(int Value)
{
    /// <summary>The values <paramref name="dialect"/> binds, given the expected values with counts marked.</summary>
    public static object?[] Bound(SqlDialect dialect, object?[] values) =>
        [.. values.Where(v => v is not PagingCount || !dialect.InlinesPagingCounts).Select(v => v is PagingCount count ? count.Value : v)];
}
