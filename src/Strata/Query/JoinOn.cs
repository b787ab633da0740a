namespace Strata.Query;

/// <summary>One condition of a join's ON clause, comparing two columns.</summary>
/// <param name="LeftColumn">The first column.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="RightColumn">The second column.</param>
public sealed record JoinOn(string LeftColumn, ComparisonOperator Operator, string RightColumn);
