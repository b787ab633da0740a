namespace Strata.Query;

/// <summary><c>column IS NULL</c>, or <c>IS NOT NULL</c> when <paramref name="Negated"/>.</summary>
/// <param name="Column">The column.</param>
/// <param name="Negated">True for <c>IS NOT NULL</c>.</param>
public sealed record NullCondition(string Column, bool Negated) : Condition;
