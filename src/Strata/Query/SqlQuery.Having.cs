using Strata.Query;

namespace Strata;

public sealed partial class SqlQuery
{
    /// <summary>Adds <c>HAVING column op value</c> (joined to earlier HAVING conditions with AND); <c>= null</c> becomes IS NULL.</summary>
    /// <param name="column">A grouped column (or, on SQLite and MySQL, a select-list alias).</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">As for <see cref="ConditionBuilder{TSelf}.Where(string, string, object?)"/>.</exception>
    /// <remarks>The rest of the WHERE family (null, in, between, like, aggregates) is reached through <see cref="Having(Func{ConditionGroup, ConditionGroup})"/>.</remarks>
    public SqlQuery Having(string column, string op, object? value) => AddHaving(LogicalOperator.And, g => g.Where(column, op, value));

    /// <summary>Adds <c>HAVING column = value</c> (IS NULL for null), joined with AND.</summary>
    /// <param name="column">A grouped column.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">As for <see cref="ConditionBuilder{TSelf}.Where(string, object?)"/>.</exception>
    public SqlQuery Having(string column, object? value) => AddHaving(LogicalOperator.And, g => g.Where(column, value));

    /// <summary>OR <c>column op value</c> in HAVING.</summary>
    /// <param name="column">A grouped column.</param>
    /// <param name="op">One of <c>=, &lt;&gt;, !=, &lt;, &lt;=, &gt;, &gt;=, like, not like</c>.</param>
    /// <param name="value">The value, sent as a parameter.</param>
    /// <exception cref="ArgumentException">As for <see cref="ConditionBuilder{TSelf}.Where(string, string, object?)"/>.</exception>
    public SqlQuery OrHaving(string column, string op, object? value) => AddHaving(LogicalOperator.Or, g => g.Where(column, op, value));

    /// <summary>Adds a HAVING condition in SQL (joined to earlier ones with AND): <c>Having($"COUNT(*) &gt; {2}")</c>.</summary>
    /// <param name="condition">The fragment, placed in parentheses; holes are parameters.</param>
    /// <exception cref="ArgumentException">The fragment is empty.</exception>
    public SqlQuery Having(Sql condition) => AddHaving(LogicalOperator.And, g => g.WhereRaw(condition));

    /// <summary>OR a HAVING condition in SQL.</summary>
    /// <param name="condition">The fragment, placed in parentheses; holes are parameters.</param>
    /// <exception cref="ArgumentException">The fragment is empty.</exception>
    public SqlQuery OrHaving(Sql condition) => AddHaving(LogicalOperator.Or, g => g.WhereRaw(condition));

    /// <summary>
    /// Adds HAVING conditions built with the same methods as WHERE (joined to earlier ones with AND):
    /// <c>Having(h =&gt; h.Where(Aggregate.Count(), "&gt;", 5).OrWhereIn("org_id", ids))</c>. Several conditions
    /// are placed in parentheses, so their own ORs stay inside.
    /// </summary>
    /// <param name="conditions">Builds the conditions from an empty group; an empty result adds nothing.</param>
    /// <exception cref="ArgumentException">The builder returned null, or one of its calls was refused.</exception>
    public SqlQuery Having(Func<ConditionGroup, ConditionGroup> conditions) => AddHaving(LogicalOperator.And, conditions);

    /// <summary>OR HAVING conditions built with the same methods as WHERE, in parentheses when there are several.</summary>
    /// <param name="conditions">Builds the conditions from an empty group; an empty result adds nothing.</param>
    /// <exception cref="ArgumentException">The builder returned null, or one of its calls was refused.</exception>
    public SqlQuery OrHaving(Func<ConditionGroup, ConditionGroup> conditions) => AddHaving(LogicalOperator.Or, conditions);

    /// <summary>HAVING takes its conditions from the one condition builder WHERE uses: a group, unwrapped when it holds one condition.</summary>
    private SqlQuery AddHaving(LogicalOperator connector, Func<ConditionGroup, ConditionGroup> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var built = (conditions(ConditionGroup.Empty.For(Session)) ?? throw new ArgumentException("The HAVING builder returned null.", nameof(conditions))).Conditions;
        if (built.IsEmpty) return this;
        Condition condition = built.Length == 1 ? built[0].Condition : new GroupCondition(built);
        return With(Node with { Having = Node.Having.Add(new ConditionClause(connector, condition)) });
    }
}
