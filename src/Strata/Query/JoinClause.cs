namespace Strata.Query;

/// <summary><c>kind JOIN table ON left op right</c>, comparing two columns.</summary>
/// <param name="Kind">Inner, left, right, full or cross (a cross join ignores the columns).</param>
/// <param name="Table">The joined table.</param>
/// <param name="LeftColumn">The first column, usually qualified (<c>users.id</c>).</param>
/// <param name="Operator">The comparison.</param>
/// <param name="RightColumn">The second column.</param>
public sealed record JoinClause(JoinKind Kind, string Table, string LeftColumn, ComparisonOperator Operator, string RightColumn)
{
    /// <summary>The name the query reads the joined table by (<c>JOIN orgs AS o</c>), or null.</summary>
    public string? Alias { get; init; }

    /// <summary>Further ON conditions, joined to the first with AND.</summary>
    public System.Collections.Immutable.ImmutableArray<JoinOn> More { get; init; } = [];
}
