namespace Strata.Query;

/// <summary>
/// A case-insensitive <c>column [NOT] ILIKE pattern</c>: native where <see cref="Dialects.SqlDialect.SupportsILike"/>,
/// otherwise <c>LOWER(column) LIKE LOWER(pattern)</c>.
/// </summary>
/// <param name="Column">The column.</param>
/// <param name="Pattern">The LIKE pattern, a parameter.</param>
/// <param name="Negated">True for <c>NOT ILIKE</c>.</param>
public sealed record ILikeCondition(string Column, object? Pattern, bool Negated) : Condition
{
    /// <summary>
    /// The character that makes the next <c>%</c>, <c>_</c> or itself literal in <see cref="Pattern"/> (<c>ESCAPE '!'</c>), or null
    /// for none. An ASCII punctuation character other than a quote or a backslash.
    /// </summary>
    public char? Escape { get; init; }
}
