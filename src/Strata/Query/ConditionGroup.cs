using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

/// <summary>
/// A parenthesized group of conditions, built inside <c>Where(g => …)</c>, <c>OrWhere(g => …)</c> or
/// <c>WhereNot(g => …)</c>. Immutable: each call returns a new group.
/// </summary>
public sealed class ConditionGroup : ConditionBuilder<ConditionGroup>
{
    private readonly ImmutableArray<ConditionClause> _conditions;

    private ConditionGroup(ImmutableArray<ConditionClause> conditions) => _conditions = conditions;

    /// <summary>A group with no conditions (renders to nothing).</summary>
    public static ConditionGroup Empty { get; } = new([]);

    /// <inheritdoc />
    public override ImmutableArray<ConditionClause> Conditions => _conditions;

    private protected override ConditionGroup WithConditions(ImmutableArray<ConditionClause> conditions) => new(conditions);
}
