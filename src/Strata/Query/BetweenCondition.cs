namespace Strata.Query;

/// <summary><c>column BETWEEN low AND high</c> (both ends included), with both bounds as parameters.</summary>
/// <param name="Column">The column.</param>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
public sealed record BetweenCondition(string Column, object? Low, object? High) : Condition;
