namespace Strata.Query;

/// <summary>One condition of a list with the connector that joins it to the one before (ignored for the first).</summary>
/// <param name="Connector">AND or OR.</param>
/// <param name="Condition">The condition.</param>
public readonly record struct ConditionClause(LogicalOperator Connector, Condition Condition);
