using System.Linq.Expressions;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>
/// The everyday data access of one entity type: find, create, update, delete, page through, with validation,
/// optimistic concurrency and plugins. <see cref="Repository{TEntity, TKey}"/> implements it; subclass that for custom queries.
/// </summary>
/// <typeparam name="TEntity">The entity type, mapped by <see cref="EntityMap{T}"/>.</typeparam>
/// <typeparam name="TKey">The type of its key.</typeparam>
public interface IRepository<TEntity, TKey> where TEntity : class
{
    /// <summary>The entity's table, key and columns.</summary>
    EntityMap<TEntity> Map { get; }

    /// <summary>The session the repository runs through (a database's repository joins its ambient transaction).</summary>
    IDbSession Session { get; }

    /// <summary>A typed query on the entity's table, with the repository's plugins (soft delete filters, tenants) applied.</summary>
    SqlQuery<TEntity> Query();

    /// <summary>The entity with key <paramref name="id"/>, or null.</summary>
    /// <param name="id">The key.</param>
    /// <param name="lockRow">Take a row lock (<c>FOR UPDATE</c>) until the transaction ends; needs a transaction.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="InvalidOperationException"><paramref name="lockRow"/> outside a transaction.</exception>
    Task<TEntity?> FindByIdAsync(TKey id, bool lockRow = false, CancellationToken cancellationToken = default);

    /// <summary>The first entity matching <paramref name="predicate"/> (by key order), or null.</summary>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<TEntity?> FindOneAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>The first entity whose columns equal <paramref name="columns"/> (<c>new { email = "a@b" }</c>; null means IS NULL), or null.</summary>
    /// <param name="columns">An object or dictionary of column values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<TEntity?> FindOneAsync(object columns, CancellationToken cancellationToken = default);

    /// <summary>Every entity matching <paramref name="predicate"/>, by key order.</summary>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<TEntity>> FindAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>Every entity whose columns equal <paramref name="columns"/>, by key order.</summary>
    /// <param name="columns">An object or dictionary of column values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<TEntity>> FindAsync(object columns, CancellationToken cancellationToken = default);

    /// <summary>Every entity, by key order. For large tables page through them instead.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<TEntity>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>How many entities match <paramref name="predicate"/> (all when null).</summary>
    /// <param name="predicate">The condition, or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<long> CountAsync(Expression<Func<TEntity, bool>>? predicate = null, CancellationToken cancellationToken = default);

    /// <summary>True when an entity matches <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<bool> ExistsAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default);

    /// <summary>Validates and inserts <paramref name="entity"/>, and returns it as stored: with its generated key and the database's defaults.</summary>
    /// <param name="entity">The entity; a key holding its default value is left to the database.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ValidationException">The entity is not valid; nothing was sent.</exception>
    Task<TEntity> CreateAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Validates and inserts every entity (multi-row inserts where the database returns rows; all or none), and returns them as stored.</summary>
    /// <param name="entities">The entities.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<IReadOnlyList<TEntity>> CreateManyAsync(IEnumerable<TEntity> entities, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates and writes every mapped column of <paramref name="entity"/> to its row, and returns the row as stored. With a
    /// <c>[ConcurrencyCheck]</c> member, the row must still hold the entity's value (a number is incremented).
    /// </summary>
    /// <param name="entity">The entity, with its key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ConcurrencyException">The row changed since it was read, or is gone.</exception>
    /// <exception cref="ValidationException">The entity is not valid.</exception>
    Task<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Writes only the columns of <paramref name="patch"/> (<c>new { name = "x" }</c>) to the row with key <paramref name="id"/>; false when there is none.</summary>
    /// <param name="id">The key.</param>
    /// <param name="patch">An object or dictionary of column values.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<bool> UpdateAsync(TKey id, object patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the row with key <paramref name="id"/> (soft delete, when on, marks it instead); false when there is none.</summary>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<bool> DeleteAsync(TKey id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entity's row, checking its <c>[ConcurrencyCheck]</c> member when it has one; false when there is none.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ConcurrencyException">The row changed since it was read.</exception>
    Task<bool> DeleteAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts the entity, or updates the row with its key when there is one, and returns the row as stored.</summary>
    /// <param name="entity">The entity, with its key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<TEntity> UpsertAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts many entities through the driver's fast path (binary COPY, LOAD DATA LOCAL INFILE or multi-row INSERT, one prepared
    /// statement on SQLite), validating each first and applying the table's plugins (timestamps); returns the rows written.
    /// Entities are not read back: use <see cref="CreateManyAsync"/> for their generated keys.
    /// </summary>
    /// <param name="entities">The entities.</param>
    /// <param name="options">Batch size, progress and timeout; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the insert (what was written is rolled back).</param>
    /// <exception cref="ValidationException">An entity is not valid; nothing was sent.</exception>
    Task<long> BulkInsertAsync(IEnumerable<TEntity> entities, BulkInsertOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the entities (by key order unless <paramref name="query"/> orders them), with the total. The page size is
    /// clamped to <see cref="RepositoryOptions.MaxPageSize"/> (and <see cref="RepositoryOptions.DefaultPageSize"/> when 0 or less).
    /// </summary>
    /// <param name="page">The 1-based page.</param>
    /// <param name="pageSize">Rows per page.</param>
    /// <param name="query">Narrows or orders the rows, or null for all.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <exception cref="ArgumentOutOfRangeException">A page below 1.</exception>
    Task<Page<TEntity>> PaginateAsync(int page, int pageSize, Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The page after <paramref name="cursor"/> (the first page for null), ordered by <paramref name="orderBy"/> with the key as the
    /// tie-breaker. Rows inserted between two calls never make a row appear twice or be skipped before the cursor.
    /// </summary>
    /// <typeparam name="TOrder">The order member's type; its column must not hold NULL.</typeparam>
    /// <param name="cursor">The previous page's <see cref="KeysetPage{T}.NextCursor"/>, or null.</param>
    /// <param name="pageSize">Rows per page (clamped as for <see cref="PaginateAsync"/>).</param>
    /// <param name="orderBy">The member to order by; null for the key.</param>
    /// <param name="direction">Ascending or descending.</param>
    /// <param name="query">Narrows the rows (the same for every page), or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentException">A malformed or changed cursor, or one made for another order.</exception>
    Task<KeysetPage<TEntity>> PaginateAfterAsync<TOrder>(string? cursor, int pageSize, Expression<Func<TEntity, TOrder>>? orderBy = null,
        SortDirection direction = SortDirection.Ascending, Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? query = null, CancellationToken cancellationToken = default);
}
