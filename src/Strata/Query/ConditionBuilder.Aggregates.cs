using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>
    /// Adds <c>aggregate op value</c>, for HAVING: <c>Having(h =&gt; h.Where(Aggregate.Count(), "&gt;=", 2))</c>; <c>= null</c> becomes IS NULL.
    /// An aggregate cannot stand in WHERE, which runs before grouping: a query's own <c>Where</c> refuses it.
    /// </summary>
    /// <param name="aggregate">The aggregate, from <see cref="Aggregate"/>.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An unknown operator, a value that cannot be a parameter, or a null compared by order.</exception>
    public TSelf Where(AggregateExpression aggregate, string op, object? value) => Add(LogicalOperator.And, CompareAggregate(aggregate, ComparisonOperators.Parse(op), value));

    /// <summary>Adds <c>aggregate op value</c> with an operator from the enum (see <see cref="Where(AggregateExpression, string, object?)"/>).</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An unknown operator or an unusable value.</exception>
    public TSelf Where(AggregateExpression aggregate, ComparisonOperator op, object? value) => Add(LogicalOperator.And, CompareAggregate(aggregate, op, value));

    /// <summary>OR <c>aggregate op value</c>.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An unknown operator or an unusable value.</exception>
    public TSelf OrWhere(AggregateExpression aggregate, string op, object? value) => Add(LogicalOperator.Or, CompareAggregate(aggregate, ComparisonOperators.Parse(op), value));

    private static AggregateCondition CompareAggregate(AggregateExpression aggregate, ComparisonOperator op, object? value)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (!Enum.IsDefined(op))
            throw new ArgumentException($"Unknown comparison operator {(int)op}. Use a named ComparisonOperator value.", nameof(op));
        if (value is null && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            throw new ArgumentException($"A comparison '{ComparisonOperators.ToSql(op)}' with null is never true; compare {aggregate.Name} with '=' or '<>' null.", nameof(value));
        return new AggregateCondition(aggregate, op, Value(value, nameof(value), aggregate.Name + "(…)"));
    }
}
