
namespace Strata;

using Strata.Query;
using Strata.Plugins.SoftDelete;

/// <summary>
/// The soft-delete methods of a query (repositories have their own, built on these). They throw
/// <see cref="InvalidOperationException"/> when soft delete is not enabled for the query's table.
/// </summary>
public static class SoftDeleteExtensions
{
    /// <summary>Includes deleted rows.</summary>
    /// <param name="query">A query on a soft-deleting table.</param>
    public static SqlQuery WithDeleted(this SqlQuery query) => Mode(query, SoftDeleteMode.All);

    /// <summary>Reads only deleted rows.</summary>
    /// <param name="query">A query on a soft-deleting table.</param>
    public static SqlQuery OnlyDeleted(this SqlQuery query) => Mode(query, SoftDeleteMode.Deleted);

    /// <summary>Includes deleted rows.</summary>
    /// <param name="query">A typed query on a soft-deleting table.</param>
    public static SqlQuery<T> WithDeleted<T>(this SqlQuery<T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require(query.ByName);
        return query.WithHint(SoftDeletePlugin.Hint, SoftDeleteMode.All);
    }

    /// <summary>Reads only deleted rows.</summary>
    /// <param name="query">A typed query on a soft-deleting table.</param>
    public static SqlQuery<T> OnlyDeleted<T>(this SqlQuery<T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require(query.ByName);
        return query.WithHint(SoftDeletePlugin.Hint, SoftDeleteMode.Deleted);
    }

    /// <summary>Brings back the deleted rows the conditions match (sets the deletion column to NULL) and returns how many.</summary>
    /// <param name="query">A query on a soft-deleting table, with its conditions.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<int> RestoreAsync(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        var plugin = Require(query);
        return query.WithHint(SoftDeletePlugin.Hint, SoftDeleteMode.Deleted)
            .UpdateAsync(new Dictionary<string, object?> { [plugin.Column] = null }, cancellationToken);
    }

    /// <summary>Deletes the rows the conditions match for real, deleted or not, and returns how many.</summary>
    /// <param name="query">A query on a soft-deleting table, with its conditions.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static Task<int> ForceDeleteAsync(this SqlQuery query, CancellationToken cancellationToken = default)
    {
        Require(query);
        return query.WithHint(SoftDeletePlugin.Hint, SoftDeleteMode.Force).DeleteAsync(cancellationToken);
    }

    /// <summary>Brings back the deleted entity with key <paramref name="id"/>; false when there is no such deleted row.</summary>
    /// <param name="repository">A repository of a soft-deleting entity.</param>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<bool> RestoreAsync<TEntity, TKey>(this IRepository<TEntity, TKey> repository, TKey id, CancellationToken cancellationToken = default)
        where TEntity : class =>
        await ById(repository, id).RestoreAsync(cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Deletes the entity with key <paramref name="id"/> for real, deleted or not; false when there is no such row.</summary>
    /// <param name="repository">A repository of a soft-deleting entity.</param>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<bool> ForceDeleteAsync<TEntity, TKey>(this IRepository<TEntity, TKey> repository, TKey id, CancellationToken cancellationToken = default)
        where TEntity : class =>
        await ById(repository, id).ForceDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>The repository's query, including deleted entities.</summary>
    /// <param name="repository">A repository of a soft-deleting entity.</param>
    public static SqlQuery<TEntity> WithDeleted<TEntity, TKey>(this IRepository<TEntity, TKey> repository) where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Query().WithDeleted();
    }

    /// <summary>The repository's query, reading only deleted entities.</summary>
    /// <param name="repository">A repository of a soft-deleting entity.</param>
    public static SqlQuery<TEntity> OnlyDeleted<TEntity, TKey>(this IRepository<TEntity, TKey> repository) where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Query().OnlyDeleted();
    }

    private static SqlQuery ById<TEntity, TKey>(IRepository<TEntity, TKey> repository, TKey id) where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Query().ByName.Where(repository.Map.Key!.Name, id);
    }

    private static SqlQuery Mode(SqlQuery query, SoftDeleteMode mode)
    {
        Require(query);
        return query.WithHint(SoftDeletePlugin.Hint, mode);
    }

    internal static SoftDeletePlugin Require(SqlQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Plugins.OfType<SoftDeletePlugin>().FirstOrDefault() ?? throw new InvalidOperationException(
            $"Soft delete is not enabled for '{query.Node.Table}': enable it with DatabaseOptions.Plugins.Add(new SoftDeletePlugin(), \"{query.Node.Table}\") or [Plugins(\"softDelete\")] on the entity.");
    }
}
