using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>Conditions in parentheses, joined by their connectors. An empty group renders to nothing.</summary>
/// <param name="Clauses">The conditions with their AND/OR connectors.</param>
public sealed record GroupCondition(ImmutableArray<ConditionClause> Clauses) : Condition;
