using System.Diagnostics.CodeAnalysis;
using Strata.Dialects;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// <c>SUM</c>, <c>AVG</c>, <c>MIN</c> and <c>MAX</c> of one column over the rows a <see cref="SqlQuery"/> returns, run
/// through its session. ORDER BY is dropped; a query that is distinct, grouped, paged or locked is aggregated as a
/// derived table so those clauses keep their meaning.
/// </summary>
/// <remarks>
/// Over no rows SQL answers NULL, which comes back as default: ask for a nullable <c>TResult</c> (<c>int?</c>) to
/// tell "no rows" from zero. The result is converted to <c>TResult</c> (PostgreSQL's SUM of integers is a bigint,
/// its AVG a numeric; MySQL's AVG a decimal).
/// </remarks>
public static class QueryAggregates
{
    /// <summary>The sum of <paramref name="column"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="column">The column; validated and quoted.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static Task<TResult?> SumAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(this SqlQuery query, string column, CancellationToken cancellationToken = default) =>
        RunAsync<TResult>(query, AggregateFunction.Sum, column, cancellationToken);

    /// <summary>The average of <paramref name="column"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="column">The column; validated and quoted.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static Task<TResult?> AvgAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(this SqlQuery query, string column, CancellationToken cancellationToken = default) =>
        RunAsync<TResult>(query, AggregateFunction.Avg, column, cancellationToken);

    /// <summary>The smallest value of <paramref name="column"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="column">The column; validated and quoted.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static Task<TResult?> MinAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(this SqlQuery query, string column, CancellationToken cancellationToken = default) =>
        RunAsync<TResult>(query, AggregateFunction.Min, column, cancellationToken);

    /// <summary>The largest value of <paramref name="column"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="column">The column; validated and quoted.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">An invalid column.</exception>
    public static Task<TResult?> MaxAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(this SqlQuery query, string column, CancellationToken cancellationToken = default) =>
        RunAsync<TResult>(query, AggregateFunction.Max, column, cancellationToken);

    /// <summary>The compiled aggregate query, without running it.</summary>
    /// <param name="query">The query.</param>
    /// <param name="function">One of <see cref="AggregateFunction"/>.</param>
    /// <param name="column">The column; validated and quoted.</param>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="ArgumentException">An invalid column or function.</exception>
    public static RenderedSql ToAggregateSql(this SqlQuery query, AggregateFunction function, string column, SqlDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var d = dialect ?? query.Session?.Dialect
            ?? throw new InvalidOperationException("This query is not bound to a session: pass the dialect to compile for.");
        return Compile(query.Node, function, column, d).Render(d);
    }

    private static async Task<TResult?> RunAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>(SqlQuery query, AggregateFunction function, string column, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (session, node) = query.Prepare(Plugins.QueryOperation.Aggregate, $"{function}Async");
        return await session.ScalarAsync<TResult>(Compile(node, function, column, session.Dialect).CachedAs(query, node), cancellationToken).ConfigureAwait(false);
    }

    private static Sql Compile(QueryNode node, AggregateFunction aggregate, string column, SqlDialect dialect)
    {
        var function = aggregate switch
        {
            AggregateFunction.Sum => "SUM",
            AggregateFunction.Avg => "AVG",
            AggregateFunction.Min => "MIN",
            AggregateFunction.Max => "MAX",
            AggregateFunction.Count => "COUNT",
            _ => throw new ArgumentException($"Unknown aggregate function {(int)aggregate}.", nameof(aggregate)),
        };
        ArgumentNullException.ThrowIfNull(column);
        SqlIdentifier.Validate(column);
        if (column.Contains('*', StringComparison.Ordinal))
            throw new ArgumentException($"'{column}' is not a column to aggregate; use CountAsync to count rows.", nameof(column));
        var simple = !node.IsDistinct && node.GroupBy.IsEmpty && node.Having.IsEmpty && node.Limit is null && node.Offset is null && !node.ForUpdate;
        if (simple)
        {
            var expression = Sql.Raw(function + "(") + Sql.Identifier(column) + Sql.Raw(")");
            return QueryCompiler.Default.CompileSelect(node with { Columns = [new SelectExpression(expression, null)], OrderBy = [] }, dialect);
        }
        // The derived table's columns are unqualified, so only the last part of a dotted name is used outside it.
        var outer = Sql.Raw(function + "(") + Sql.Identifier(column[(column.LastIndexOf('.') + 1)..]) + Sql.Raw(")");
        return Sql.Raw("SELECT ") + outer + Sql.Raw(" FROM (") + QueryCompiler.Default.CompileSelect(node, dialect) + Sql.Raw(") ") + Sql.Identifier("strata_aggregate");
    }
}
