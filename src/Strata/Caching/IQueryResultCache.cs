namespace Strata.Caching;

/// <summary>
/// Where the results of queries marked <c>.Cached(ttl)</c> are kept, and what hears about the tables Strata's writes changed.
/// Set on <see cref="DatabaseOptions.QueryCache"/>; the Redis package provides one (<c>RedisStore.QueryCache</c>).
/// </summary>
/// <remarks>
/// Strata calls <see cref="GetOrLoadAsync{T}"/> for a cached read outside a transaction, or inside one that has not written
/// to the tables the read depends on, and <see cref="TablesWrittenAsync"/> once a write is durable: right after an
/// autocommitted statement, or after a top-level transaction committed (never on rollback). Strata awaits it before the
/// write's call returns, so an implementation that updates its in-process state before returning lets no later reader of the
/// same process see the old result. Exceptions it throws are logged and do not fail the write, which has already happened.
/// </remarks>
public interface IQueryResultCache
{
    /// <summary>Returns the cached result for <paramref name="request"/>, or runs <paramref name="load"/> and keeps what it returns.</summary>
    /// <param name="request">The query: its key, the tables it reads and how long to keep it.</param>
    /// <param name="load">Runs the query against the database.</param>
    /// <param name="cancellationToken">Cancels the wait and the load.</param>
    /// <typeparam name="T">The result type (a list of rows, one row or a scalar); it must survive the cache's serialization.</typeparam>
    Task<T> GetOrLoadAsync<T>(QueryCacheRequest request, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken);

    /// <summary>Invalidates what was cached from <paramref name="tables"/> of <paramref name="database"/>, whose data just changed.</summary>
    /// <param name="database">The identity of the database written (<see cref="QueryCacheRequest.Database"/>).</param>
    /// <param name="tables">The tables written, lower case and without schema.</param>
    /// <param name="cancellationToken">Cancels the invalidation's remote part.</param>
    ValueTask TablesWrittenAsync(string database, IReadOnlyCollection<string> tables, CancellationToken cancellationToken);
}
