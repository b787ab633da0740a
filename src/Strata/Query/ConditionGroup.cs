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
    private readonly IDbSession? _session;

    private ConditionGroup(ImmutableArray<ConditionClause> conditions, IDbSession? session)
    {
        _conditions = conditions;
        _session = session;
    }

    /// <summary>A group with no conditions (renders to nothing).</summary>
    public static ConditionGroup Empty { get; } = new([], null);

    /// <inheritdoc />
    public override ImmutableArray<ConditionClause> Conditions => _conditions;

    private protected override IDbSession? NamingSession => _session;

    private protected override ConditionGroup WithConditions(ImmutableArray<ConditionClause> conditions) => new(conditions, _session);

    /// <summary>This group naming object members by <paramref name="session"/>'s convention (see <see cref="ConditionBuilder{TSelf}.Where(object)"/>).</summary>
    internal ConditionGroup For(IDbSession? session) => ReferenceEquals(session, _session) ? this : new(_conditions, session);
}
