using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// The terminal methods of a <see cref="SqlQuery{T}"/>: each runs the wrapped by-name query through the session that
/// built it (see <see cref="QueryExecution"/> and <see cref="QueryAggregates"/>), mapping rows to the entity type
/// where there are rows to map.
/// </summary>
/// <remarks>All throw <see cref="InvalidOperationException"/> for a query not started from a session.</remarks>
public static class TypedQueryExecution
{
    /// <summary>Runs the query and maps every row to <typeparamref name="T"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<IReadOnlyList<T>> ToListAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).ToListAsync<T>(cancellationToken);

    /// <summary>Streams the rows while the reader stays open.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command and the enumeration.</param>
    public static IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).StreamAsync<T>(cancellationToken);

    /// <summary>The first row, or default when there is none; give the query an order for a defined "first".</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<T?> FirstOrDefaultAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).FirstOrDefaultAsync<T>(cancellationToken);

    /// <summary>The first row.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No row.</exception>
    public static Task<T> FirstAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).FirstAsync<T>(cancellationToken);

    /// <summary>The only row.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No row, or more than one.</exception>
    public static Task<T> SingleAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).SingleAsync<T>(cancellationToken);

    /// <summary>The number of rows the query returns.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<long> CountAsync<T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).CountAsync(cancellationToken);

    /// <summary>True when the query returns at least one row.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<bool> ExistsAsync<T>(this SqlQuery<T> query, CancellationToken cancellationToken = default) =>
        ByName(query).ExistsAsync(cancellationToken);

    /// <summary>The sum of a member's column (default, e.g. 0, over no rows; select a nullable member type to see NULL).</summary>
    /// <param name="query">The query.</param>
    /// <param name="selector">A mapped member, like <c>o => o.Total</c>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public static Task<TValue?> SumAsync<T, [DynamicallyAccessedMembers(MappedMembers.Types)] TValue>(this SqlQuery<T> query, Expression<Func<T, TValue>> selector, CancellationToken cancellationToken = default) =>
        ByName(query).SumAsync<TValue>(query.ColumnOf(selector, "SumAsync"), cancellationToken);

    /// <summary>The average of a member's column, or null over no rows.</summary>
    /// <param name="query">The query.</param>
    /// <param name="selector">A mapped member.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public static Task<double?> AvgAsync<T, TValue>(this SqlQuery<T> query, Expression<Func<T, TValue>> selector, CancellationToken cancellationToken = default) =>
        ByName(query).AvgAsync<double?>(query.ColumnOf(selector, "AvgAsync"), cancellationToken);

    /// <summary>The smallest value of a member's column (default over no rows).</summary>
    /// <param name="query">The query.</param>
    /// <param name="selector">A mapped member.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public static Task<TValue?> MinAsync<T, [DynamicallyAccessedMembers(MappedMembers.Types)] TValue>(this SqlQuery<T> query, Expression<Func<T, TValue>> selector, CancellationToken cancellationToken = default) =>
        ByName(query).MinAsync<TValue>(query.ColumnOf(selector, "MinAsync"), cancellationToken);

    /// <summary>The largest value of a member's column (default over no rows).</summary>
    /// <param name="query">The query.</param>
    /// <param name="selector">A mapped member.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="NotSupportedException">Not a mapped member.</exception>
    public static Task<TValue?> MaxAsync<T, [DynamicallyAccessedMembers(MappedMembers.Types)] TValue>(this SqlQuery<T> query, Expression<Func<T, TValue>> selector, CancellationToken cancellationToken = default) =>
        ByName(query).MaxAsync<TValue>(query.ColumnOf(selector, "MaxAsync"), cancellationToken);

    private static SqlQuery ByName<T>(SqlQuery<T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ByName;
    }
}
