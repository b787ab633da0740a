namespace Strata.Query;

/// <summary>A selected aggregate with its alias: <c>SUM("total") AS "revenue"</c>.</summary>
/// <param name="Aggregate">The aggregate.</param>
/// <param name="Alias">The alias.</param>
public sealed record SelectAggregate(AggregateExpression Aggregate, string Alias) : SelectItem;
