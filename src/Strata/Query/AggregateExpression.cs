using System.Collections.Immutable;

namespace Strata.Query;

/// <summary>
/// An aggregate call, <c>FUNCTION([DISTINCT] column)</c> or <c>COUNT(*)</c>, optionally over only the rows a filter keeps:
/// <c>FILTER (WHERE …)</c> where the dialect has it (<see cref="Dialects.SqlDialect.SupportsAggregateFilter"/>), the same
/// rows through <c>CASE WHEN … THEN … END</c> elsewhere. Made with <see cref="Aggregate"/>; selected with
/// <see cref="SqlQuery.SelectAggregate"/>, compared in HAVING with <see cref="SqlQuery.Having(AggregateExpression, string, object?)"/>.
/// </summary>
/// <param name="Function">The function.</param>
/// <param name="Column">The aggregated column, or null for <c>COUNT(*)</c>.</param>
/// <param name="Distinct">True for <c>FUNCTION(DISTINCT column)</c>.</param>
public sealed record AggregateExpression(AggregateFunction Function, string? Column, bool Distinct)
{
    /// <summary>The conditions a row must meet to be aggregated; empty aggregates every row.</summary>
    public ImmutableArray<ConditionClause> Filter { get; init; } = [];

    /// <summary>
    /// A copy aggregating only the rows the conditions keep (joined with AND to an earlier filter):
    /// <c>Aggregate.Sum("total").Where(f =&gt; f.Where("status", "paid"))</c>.
    /// </summary>
    /// <param name="conditions">Builds the conditions with the WHERE methods, from an empty group.</param>
    /// <exception cref="ArgumentException">The builder returned null, or one of its calls was refused.</exception>
    public AggregateExpression Where(Func<ConditionGroup, ConditionGroup> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var built = (conditions(ConditionGroup.Empty) ?? throw new ArgumentException("The filter builder returned null.", nameof(conditions))).Conditions;
        if (built.IsEmpty) return this;
        if (Filter.IsEmpty) return this with { Filter = built };
        Condition condition = built.Length == 1 ? built[0].Condition : new GroupCondition(built);
        return this with { Filter = Filter.Add(new ConditionClause(LogicalOperator.And, condition)) };
    }

    /// <summary>This aggregate over a window, <c>SUM(qty) OVER (…)</c>: shape it with <see cref="WindowExpression.PartitionBy"/> and <c>OrderBy</c>.</summary>
    public WindowExpression Over() => new(WindowFunction.Aggregate, null, 0, this);

    /// <summary>The SQL function name.</summary>
    internal string Name => Function switch
    {
        AggregateFunction.Count => "COUNT",
        AggregateFunction.Sum => "SUM",
        AggregateFunction.Avg => "AVG",
        AggregateFunction.Min => "MIN",
        AggregateFunction.Max => "MAX",
        _ => throw new ArgumentOutOfRangeException(nameof(Function), Function, "Unknown aggregate function."),
    };
}
