using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>
/// <c>column IN (values)</c>, or <c>NOT IN</c> when <paramref name="Negated"/>. An empty list matches
/// nothing (and its negation everything); each value is a parameter.
/// </summary>
/// <param name="Column">The column.</param>
/// <param name="Values">The values, copied when the condition was built.</param>
/// <param name="Negated">True for <c>NOT IN</c>.</param>
public sealed record InCondition(string Column, ImmutableArray<object?> Values, bool Negated) : Condition;
