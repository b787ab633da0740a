using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

public sealed partial class SqlQuery
{
    /// <summary>
    /// Adds an aggregate to the selected columns: <c>SelectAggregate(Aggregate.Sum("total"), "revenue")</c>, or over some rows only,
    /// <c>SelectAggregate(Aggregate.Count().Where(f =&gt; f.Where("status", "paid")), "paid")</c> (<c>FILTER (WHERE …)</c> on
    /// PostgreSQL and SQLite, <c>CASE WHEN … END</c> inside the call on MySQL/MariaDB; the same rows either way).
    /// </summary>
    /// <param name="aggregate">The aggregate, from <see cref="Aggregate"/>.</param>
    /// <param name="alias">The result column's name, a plain name.</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    public SqlQuery SelectAggregate(AggregateExpression aggregate, string alias)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return With(Node with { Columns = Node.Columns.Add(new Query.SelectAggregate(aggregate, Alias(alias))) });
    }

    /// <summary>
    /// Adds a window function to the selected columns: <c>SelectWindow(Window.Rank().PartitionBy("customer").OrderByDescending("qty"), "place")</c>,
    /// <c>SelectWindow(Aggregate.Sum("qty").Over().PartitionBy("customer"), "customer_qty")</c>.
    /// </summary>
    /// <param name="window">The window function, from <see cref="Window"/> or <see cref="AggregateExpression.Over"/>.</param>
    /// <param name="alias">The result column's name, a plain name.</param>
    /// <exception cref="ArgumentException">An invalid alias.</exception>
    public SqlQuery SelectWindow(WindowExpression window, string alias)
    {
        ArgumentNullException.ThrowIfNull(window);
        return With(Node with { Columns = Node.Columns.Add(new Query.SelectWindow(window, Alias(alias))) });
    }

    /// <summary>Adds <c>HAVING aggregate op value</c> (joined with AND): <c>Having(Aggregate.Count(), "&gt;", 5)</c>.</summary>
    /// <param name="aggregate">The aggregate, from <see cref="Aggregate"/>.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An unknown operator or an unusable value.</exception>
    public SqlQuery Having(AggregateExpression aggregate, string op, object? value) => AddHaving(LogicalOperator.And, g => g.Where(aggregate, op, value));

    /// <summary>OR <c>aggregate op value</c> in HAVING.</summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">An unknown operator or an unusable value.</exception>
    public SqlQuery OrHaving(AggregateExpression aggregate, string op, object? value) => AddHaving(LogicalOperator.Or, g => g.Where(aggregate, op, value));

    /// <summary>Refuses an aggregate among WHERE conditions added after the first <paramref name="from"/>: SQL groups after WHERE.</summary>
    private static void RefuseAggregates(ImmutableArray<ConditionClause> conditions, int from)
    {
        for (var i = from; i < conditions.Length; i++)
        {
            if (FindAggregate(conditions[i].Condition) is { } found)
                throw new ArgumentException(
                    $"{found.Name}(…) cannot be compared in WHERE, which filters rows before they are grouped: compare it in HAVING, " +
                    "with Having(aggregate, op, value) or Having(h => h.Where(aggregate, op, value)).", nameof(conditions));
        }
    }

    private static AggregateExpression? FindAggregate(Condition condition)
    {
        switch (condition)
        {
            case AggregateCondition a:
                return a.Aggregate;
            case NotCondition n:
                return FindAggregate(n.Operand);
            case GroupCondition g:
                foreach (var clause in g.Clauses)
                {
                    if (FindAggregate(clause.Condition) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }
}
