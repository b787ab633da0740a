namespace Strata.Query;

/// <summary>A query combined with the rows before it by <c>UNION</c>, <c>INTERSECT</c> or <c>EXCEPT</c>, optionally <c>ALL</c>.</summary>
/// <param name="All">True to keep duplicates (<c>UNION ALL</c>, <c>INTERSECT ALL</c>, <c>EXCEPT ALL</c>).</param>
/// <param name="Query">The combined query; it may not order, page or lock on its own.</param>
public sealed record SetOperation(bool All, QueryNode Query)
{
    /// <summary>The operator; <see cref="SetOperator.Union"/> unless set.</summary>
    public SetOperator Operator { get; init; }
}
