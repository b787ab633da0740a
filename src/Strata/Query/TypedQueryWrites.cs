using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;
using Strata.Query;
namespace Strata;

/// <summary>
/// Writes through a <see cref="SqlQuery{T}"/>: insert entities, update with a typed SET list, delete. They run the
/// by-name writes of <see cref="QueryExecution"/> and <see cref="QueryWrites"/> on the query's table, so the same
/// rules hold (an update or delete needs a condition or <see cref="SqlQuery.All"/>; joined queries cannot write).
/// </summary>
public static class TypedQueryWrites
{
    /// <summary>
    /// Inserts an entity's mapped members and returns the rows affected (1). A key member holding its default (0, null,
    /// <see cref="Guid.Empty"/>) is left out so the database generates it; read it back with the by-name
    /// <c>Returning</c> insert, or with a repository.
    /// </summary>
    /// <param name="query">A typed query with only its table.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">The query has clauses an INSERT cannot use.</exception>
    public static Task<int> InsertAsync<T>(this SqlQuery<T> query, T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ByName.InsertAsync(Values(query, entity), cancellationToken);
    }

    /// <summary>
    /// Inserts many entities with multi-row statements batched under the dialect's parameter limit (in one transaction
    /// when there is more than one statement) and returns the rows inserted. Keys are left out as in
    /// <see cref="InsertAsync{T}"/>, so either every entity has its key set or none has.
    /// </summary>
    /// <param name="query">A typed query with only its table.</param>
    /// <param name="entities">The entities.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">Some entities have a key set and others do not.</exception>
    public static Task<int> InsertManyAsync<T>(this SqlQuery<T> query, IEnumerable<T> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(entities);
        return query.ByName.InsertManyAsync(entities.Select(e => Values(query, e)).ToList(), cancellationToken);
    }

    /// <summary>Updates the rows the query's conditions match: <c>q.Where(u => u.Id == id).UpdateAsync(s => s.Set(u => u.Name, name))</c>; returns how many.</summary>
    /// <param name="query">A typed query with its conditions (or <see cref="SqlQuery{T}.All"/> for every row).</param>
    /// <param name="set">Builds the SET list.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="ArgumentException">Nothing is set, or a column twice.</exception>
    /// <exception cref="InvalidOperationException">No condition, or a clause an UPDATE cannot use.</exception>
    public static Task<int> UpdateAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] T>(this SqlQuery<T> query, Func<ColumnAssignments<T>, ColumnAssignments<T>> set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(set);
        var values = set(new ColumnAssignments<T>(member => query.ColumnOf(member, "Set"), [])).Values;
        if (values.IsEmpty) throw new ArgumentException("The update sets no column: call Set or Increment at least once.", nameof(set));
        return query.ByName.UpdateAsync(values, cancellationToken);
    }

    /// <summary>Deletes the rows the query's conditions match and returns how many.</summary>
    /// <param name="query">A typed query with its conditions.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <exception cref="InvalidOperationException">No condition, or a clause a DELETE cannot use.</exception>
    public static Task<int> DeleteAsync<T>(this SqlQuery<T> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.ByName.DeleteAsync(cancellationToken);
    }

    private static Dictionary<string, object?> Values<T>(SqlQuery<T> query, T entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var reader = query.Map.Values;
        var skipKey = reader.KeyIsUnset(entity);
        var columns = query.Map.Columns;
        var values = new Dictionary<string, object?>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            if (i == reader.KeyIndex && skipKey) continue;
            values[columns[i].Name] = reader.Get(entity, i);
        }
        return values;
    }
}
