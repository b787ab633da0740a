using System.Collections.Immutable;
using Strata.Dialects;

namespace Strata.Query;

/// <summary>
/// Renders WHERE trees: one visit method per <see cref="Condition"/> node type, each overridable. The base of
/// <see cref="QueryCompiler"/>, which supplies <see cref="CompileSelect"/> for subqueries.
/// </summary>
/// <remarks>Stateless and thread-safe; identifiers are validated again as they are rendered.</remarks>
public abstract class ConditionCompiler
{
    private protected ConditionCompiler()
    {
    }

    /// <summary>Compiles a SELECT (used here for IN and EXISTS subqueries).</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The target dialect.</param>
    public abstract Sql CompileSelect(QueryNode query, SqlDialect dialect);

    /// <summary>Renders a list of conditions joined by their connectors, or null when nothing renders.</summary>
    /// <param name="clauses">The conditions.</param>
    /// <param name="dialect">The target dialect (subqueries and dialect-dependent operators need it).</param>
    protected virtual Sql? VisitClauses(ImmutableArray<ConditionClause> clauses, SqlDialect dialect)
    {
        List<Sql>? parts = null;
        foreach (var clause in clauses)
        {
            if (VisitCondition(clause.Condition, dialect) is not { } condition) continue;
            if (parts is null) parts = new List<Sql>();
            else parts.Add(Sql.Raw(clause.Connector == LogicalOperator.Or ? " OR " : " AND "));
            parts.Add(condition);
        }
        return parts is null ? null : Sql.Join(Sql.Empty, parts);
    }

    /// <summary>Dispatches a condition to the visit method for its node type; null when it renders to nothing.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">A condition type this compiler does not know.</exception>
    protected Sql? VisitCondition(Condition condition, SqlDialect dialect) => condition switch
    {
        ComparisonCondition c when Mapping.JsonMapping.IsDocumentValue(c.Value) => VisitJsonComparison(c, dialect),
        ComparisonCondition c => VisitComparison(c),
        JsonPathCondition j => VisitJsonPath(j, dialect),
        ArrayCondition a => VisitArray(a, dialect),
        NullCondition n => VisitNull(n),
        InCondition i => VisitIn(i),
        BetweenCondition b => VisitBetween(b),
        GroupCondition g => VisitGroup(g, dialect),
        NotCondition n => VisitNot(n, dialect),
        RawCondition r => VisitRaw(r),
        InSubqueryCondition i => VisitInSubquery(i, dialect),
        ExistsCondition e => VisitExists(e, dialect),
        ILikeCondition l => VisitILike(l, dialect),
        AggregateCondition a => VisitAggregateComparison(a, dialect),
        ColumnComparisonCondition c => VisitColumnComparison(c),
        SubqueryComparisonCondition s => VisitSubqueryComparison(s, dialect),
        DatePartCondition d => VisitDatePart(d, dialect),
        null => throw new ArgumentNullException(nameof(condition)),
        _ => throw new NotSupportedException($"The condition type {condition.GetType().Name} is not supported by {GetType().Name}."),
    };

    /// <summary>Renders <c>column op parameter</c>.</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitComparison(ComparisonCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var sql = Identifier(condition.Column) + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator)) + Sql.Parameter(condition.Value);
        return condition.Escape is { } e ? sql + Sql.Raw(EscapeClause(e)) : sql;
    }

    /// <summary>
    /// Renders a JSON column compared with a JSON value (a document, <see cref="JsonParameter"/> or a type marked as JSON) through
    /// <see cref="SqlDialect.JsonEquals"/>, which compares documents (PostgreSQL as <c>jsonb</c>, so <c>json</c> columns work too).
    /// </summary>
    /// <param name="condition">The node; its operator is <c>=</c> or <c>&lt;&gt;</c>.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">Another operator: JSON documents have no order.</exception>
    protected virtual Sql VisitJsonComparison(ComparisonCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(dialect);
        if (condition.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            throw new NotSupportedException(
                $"A JSON document can only be compared with '=' or '<>' (column '{condition.Column}' with '{ComparisonOperators.ToSql(condition.Operator)}'): " +
                "compare a value inside it with WhereJson instead.");
        return dialect.JsonEquals(Identifier(condition.Column), Sql.Parameter(condition.Value), condition.Operator == ComparisonOperator.NotEqual);
    }

    /// <summary>Renders the value at a JSON path compared with a parameter, or tested for NULL, through <see cref="SqlDialect.JsonPathValue"/>.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">The dialect cannot read JSON paths.</exception>
    protected virtual Sql VisitJsonPath(JsonPathCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(dialect);
        var value = dialect.JsonPathValue(Identifier(condition.Column), condition.Path, condition.Value is null ? JsonPathType.Any : condition.Type);
        if (condition.Value is null) return value + Sql.Raw(condition.Operator == ComparisonOperator.NotEqual ? " IS NOT NULL" : " IS NULL");
        return value + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator)) + Sql.Parameter(condition.Value);
    }

    /// <summary>Renders an array comparison through <see cref="SqlDialect.ArrayCondition"/>, the value (or array of values) as one parameter.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    /// <exception cref="NotSupportedException">The dialect has no arrays (<see cref="SqlDialect.SupportsArrays"/>).</exception>
    protected virtual Sql VisitArray(ArrayCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.ArrayCondition(Identifier(condition.Column), condition.Operator, Sql.Parameter(condition.Value));
    }

    /// <summary>Renders <c>column IS [NOT] NULL</c>.</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitNull(NullCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Identifier(condition.Column) + Sql.Raw(condition.Negated ? " IS NOT NULL" : " IS NULL");
    }

    /// <summary>Renders <c>column [NOT] IN (parameters)</c>; an empty list renders as a constant false (true when negated).</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitIn(InCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var column = Identifier(condition.Column);
        if (condition.Values.IsDefaultOrEmpty) return Sql.Raw(condition.Negated ? "1 = 1" : "1 = 0");
        // One list part, as a collection hole gives, so that a dialect may send it as one parameter (see InListBinding).
        return column + Sql.Raw(condition.Negated ? " NOT IN (" : " IN (")
            + Sql.List(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(condition.Values)!) + Sql.Raw(")");
    }

    /// <summary>Renders <c>column BETWEEN parameter AND parameter</c>.</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitBetween(BetweenCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Identifier(condition.Column) + Sql.Raw(" BETWEEN ") + Sql.Parameter(condition.Low) + Sql.Raw(" AND ") + Sql.Parameter(condition.High);
    }

    /// <summary>Renders <c>(…)</c>, or null for an empty group.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql? VisitGroup(GroupCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return VisitClauses(condition.Clauses, dialect) is { } inner ? Sql.Raw("(") + inner + Sql.Raw(")") : null;
    }

    /// <summary>Renders <c>NOT (…)</c>, or null when the operand renders to nothing.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql? VisitNot(NotCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (VisitCondition(condition.Operand, dialect) is not { } inner) return null;
        return condition.Operand is GroupCondition ? Sql.Raw("NOT ") + inner : Sql.Raw("NOT (") + inner + Sql.Raw(")");
    }

    /// <summary>Renders the fragment in parentheses, so its own AND/OR cannot change the meaning around it.</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitRaw(RawCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Sql.Raw("(") + condition.Sql + Sql.Raw(")");
    }

    /// <summary>Renders <c>column [NOT] IN (SELECT …)</c>.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitInSubquery(InSubqueryCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Identifier(condition.Column) + Sql.Raw(condition.Negated ? " NOT IN (" : " IN (") + CompileSelect(condition.Query, dialect) + Sql.Raw(")");
    }

    /// <summary>Renders <c>[NOT] EXISTS (SELECT …)</c>.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitExists(ExistsCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Sql.Raw(condition.Negated ? "NOT EXISTS (" : "EXISTS (") + CompileSelect(condition.Query, dialect) + Sql.Raw(")");
    }

    /// <summary>Renders a case-insensitive LIKE: <c>ILIKE</c> where the dialect has it, <c>LOWER(column) LIKE LOWER(pattern)</c> elsewhere.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitILike(ILikeCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(dialect);
        var escape = condition.Escape is { } e ? Sql.Raw(EscapeClause(e)) : Sql.Empty;
        if (dialect.SupportsILike)
            return Identifier(condition.Column) + Sql.Raw(condition.Negated ? " NOT ILIKE " : " ILIKE ") + Sql.Parameter(condition.Pattern) + escape;
        return Sql.Raw("LOWER(") + Identifier(condition.Column) + Sql.Raw(condition.Negated ? ") NOT LIKE LOWER(" : ") LIKE LOWER(")
            + Sql.Parameter(condition.Pattern) + Sql.Raw(")") + escape;
    }

    /// <summary>Renders <c>left op right</c> between two columns.</summary>
    /// <param name="condition">The node.</param>
    protected virtual Sql VisitColumnComparison(ColumnComparisonCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Identifier(condition.Left) + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator)) + Identifier(condition.Right);
    }

    /// <summary>Renders <c>part(column) op parameter</c> through <see cref="SqlDialect.DatePart"/> and <see cref="SqlDialect.DatePartParameter"/>.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitDatePart(DatePartCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(dialect);
        return dialect.DatePart(Identifier(condition.Column), condition.Part) + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator))
            + dialect.DatePartParameter(Sql.Parameter(condition.Value), condition.Part);
    }

    /// <summary>Renders <c>column op (SELECT …)</c>.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitSubqueryComparison(SubqueryComparisonCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Identifier(condition.Column) + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator) + "(") + CompileSelect(condition.Query, dialect) + Sql.Raw(")");
    }

    /// <summary>Renders <c>aggregate op parameter</c>, or <c>aggregate IS [NOT] NULL</c> for a null value.</summary>
    /// <param name="condition">The node.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitAggregateComparison(AggregateCondition condition, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var aggregate = VisitAggregate(condition.Aggregate, dialect);
        if (condition.Value is null) return aggregate + Sql.Raw(condition.Operator == ComparisonOperator.NotEqual ? " IS NOT NULL" : " IS NULL");
        return aggregate + Sql.Raw(ComparisonOperators.ToPaddedSql(condition.Operator)) + Sql.Parameter(condition.Value);
    }

    /// <summary>
    /// Renders <c>FUNCTION([DISTINCT] column)</c> or <c>COUNT(*)</c>; a filter becomes <c>FILTER (WHERE …)</c> where
    /// <see cref="SqlDialect.SupportsAggregateFilter"/>, else <c>FUNCTION([DISTINCT] CASE WHEN … THEN column END)</c> (<c>THEN 1</c> for
    /// <c>COUNT(*)</c>): the rows the filter drops give NULL, which every aggregate skips.
    /// </summary>
    /// <param name="aggregate">The aggregate.</param>
    /// <param name="dialect">The target dialect.</param>
    protected virtual Sql VisitAggregate(AggregateExpression aggregate, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(dialect);
        var head = Sql.Raw(aggregate.Name + (aggregate.Distinct ? "(DISTINCT " : "("));
        var argument = aggregate.Column is null ? Sql.Raw("*") : Identifier(aggregate.Column);
        if (VisitClauses(aggregate.Filter, dialect) is not { } filter) return head + argument + Sql.Raw(")");
        if (dialect.SupportsAggregateFilter) return head + argument + Sql.Raw(") FILTER (WHERE ") + filter + Sql.Raw(")");
        var then = aggregate.Column is null ? Sql.Raw("1") : argument;
        return head + Sql.Raw("CASE WHEN ") + filter + Sql.Raw(" THEN ") + then + Sql.Raw(" END)");
    }

    /// <summary><c> ESCAPE 'c'</c>, for a character that needs no quoting in any dialect's string literal.</summary>
    /// <exception cref="ArgumentException">A letter, digit, space, quote, backslash or non-ASCII character.</exception>
    private static string EscapeClause(char escape)
    {
        if (!char.IsAsciiLetterOrDigit(escape) && escape is > ' ' and < '\u007f' and not '\'' and not '\\' and not '%' and not '_')
            return $" ESCAPE '{escape}'";
        throw new ArgumentException($"'{escape}' cannot be a LIKE escape character: use ASCII punctuation other than a quote, a backslash, '%' or '_' (Strata uses '!').", nameof(escape));
    }

    private static Sql Identifier(string name) => Sql.Identifier(name);
}
