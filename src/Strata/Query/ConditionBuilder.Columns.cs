using Strata.Query;

namespace Strata;

public abstract partial class ConditionBuilder<TSelf>
{
    /// <summary>
    /// Adds <c>first op second</c> between two columns: <c>WhereColumns("updated_at", "&gt;", "created_at")</c>, or across a join,
    /// <c>WhereColumns("o.total", "&gt;", "u.credit")</c>. A NULL on either side makes it neither true nor false.
    /// </summary>
    /// <param name="first">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="second">The second column, a name (to compare with a value, use <see cref="Where(string, string, object?)"/>).</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public TSelf WhereColumns(string first, string op, string second) => Add(LogicalOperator.And, CompareColumns(first, ComparisonOperators.Parse(op), second));

    /// <summary>OR <c>first op second</c> between two columns (see <see cref="WhereColumns"/>).</summary>
    /// <param name="first">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="second">The second column.</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public TSelf OrWhereColumns(string first, string op, string second) => Add(LogicalOperator.Or, CompareColumns(first, ComparisonOperators.Parse(op), second));

    private static ColumnComparisonCondition CompareColumns(string first, ComparisonOperator op, string second) =>
        new(SqlQuery.ColumnName(first, nameof(first)), op, SqlQuery.ColumnName(second, nameof(second)));
}
