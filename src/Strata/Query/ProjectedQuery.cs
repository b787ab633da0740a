using System.Diagnostics.CodeAnalysis;
using Strata.Dialects;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// A typed query after <see cref="SqlQuery{T}.Select{TResult}"/>: its select list is fixed, its rows are mapped to
/// <typeparamref name="TResult"/>. Immutable like every query; paging and DISTINCT may still be added.
/// </summary>
/// <typeparam name="TResult">The projection type: an anonymous type, a record or class, or a scalar.</typeparam>
public sealed class ProjectedQuery<[DynamicallyAccessedMembers(MappedMembers.Types)] TResult>
{
    internal ProjectedQuery(SqlQuery byName) => ByName = byName;

    /// <summary>The by-name query with the projected select list.</summary>
    public SqlQuery ByName { get; }

    /// <summary>Selects distinct rows only.</summary>
    public ProjectedQuery<TResult> Distinct() => new(ByName.Distinct());

    /// <summary>Returns at most <paramref name="count"/> rows.</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public ProjectedQuery<TResult> Limit(int count) => new(ByName.Limit(count));

    /// <summary>Skips the first <paramref name="count"/> rows.</summary>
    /// <param name="count">Zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public ProjectedQuery<TResult> Offset(int count) => new(ByName.Offset(count));

    /// <summary>The compiled SELECT: text and parameter values, without running it.</summary>
    /// <param name="dialect">The dialect; null uses the bound session's.</param>
    /// <exception cref="InvalidOperationException">No dialect given and the query is not bound to a session.</exception>
    public RenderedSql ToSql(SqlDialect? dialect = null) => ByName.ToSql(dialect);

    /// <summary>Runs the query and maps every row.</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">The query is not bound to a session.</exception>
    public Task<IReadOnlyList<TResult>> ToListAsync(CancellationToken cancellationToken = default) => ByName.ToListAsync<TResult>(cancellationToken);

    /// <summary>Streams the rows while the reader stays open.</summary>
    /// <param name="cancellationToken">Cancels the command and the enumeration.</param>
    public IAsyncEnumerable<TResult> StreamAsync(CancellationToken cancellationToken = default) => ByName.StreamAsync<TResult>(cancellationToken);

    /// <summary>The first row, or default when there is none.</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    public Task<TResult?> FirstOrDefaultAsync(CancellationToken cancellationToken = default) => ByName.FirstOrDefaultAsync<TResult>(cancellationToken);

    /// <summary>The first row.</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No row.</exception>
    public Task<TResult> FirstAsync(CancellationToken cancellationToken = default) => ByName.FirstAsync<TResult>(cancellationToken);

    /// <summary>The only row.</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No row, or more than one.</exception>
    public Task<TResult> SingleAsync(CancellationToken cancellationToken = default) => ByName.SingleAsync<TResult>(cancellationToken);
}
