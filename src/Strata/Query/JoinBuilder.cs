using System.Collections.Immutable;
using Strata.Query;

namespace Strata;

/// <summary>The ON conditions of a join, joined with AND: <c>Join("orders", j => j.On("users.id", "=", "orders.user_id").On("orders.kind", "=", "users.kind"))</c>. Immutable.</summary>
public sealed class JoinBuilder
{
    private JoinBuilder(ImmutableArray<JoinOn> conditions) => Conditions = conditions;

    /// <summary>A builder with no condition.</summary>
    public static JoinBuilder Empty { get; } = new([]);

    /// <summary>The conditions so far.</summary>
    public ImmutableArray<JoinOn> Conditions { get; }

    /// <summary>Adds <c>AND left op right</c>.</summary>
    /// <param name="leftColumn">The first column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="rightColumn">The second column.</param>
    /// <exception cref="ArgumentException">An invalid column or operator.</exception>
    public JoinBuilder On(string leftColumn, string op, string rightColumn) =>
        new(Conditions.Add(new JoinOn(ConditionBuilder<SqlQuery>.Column(leftColumn), ComparisonOperators.Parse(op), ConditionBuilder<SqlQuery>.Column(rightColumn))));
}
