using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Strata.Mapping;
using Strata.Query;

namespace Strata;

/// <summary>Offset and keyset pagination over a repository's query.</summary>
internal static class RepositoryPagination
{
    public static async Task<Page<TEntity>> PageAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TEntity, TKey>(Repository<TEntity, TKey> repository, int page, int pageSize,
        Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? narrow, CancellationToken cancellationToken) where TEntity : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var query = narrow is null ? repository.Query() : narrow(repository.Query());
        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        if (query.ByName.Node.OrderBy.IsEmpty) query = query.ByNameChanged(q => q.OrderBy(repository.Map.Key!.Name));
        var offset = (long)(page - 1) * pageSize;
        var items = offset >= total
            ? []
            : await query.ByNameChanged(q => q.Limit(pageSize).Offset((int)offset)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Page<TEntity>(items, page, pageSize, total);
    }

    public static async Task<KeysetPage<TEntity>> AfterAsync<[DynamicallyAccessedMembers(MappedMembers.Types)] TEntity, TKey, TOrder>(Repository<TEntity, TKey> repository, EntityAccessor<TEntity> accessor,
        string? cursor, int pageSize, Expression<Func<TEntity, TOrder>>? orderBy, SortDirection direction, Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? narrow,
        CancellationToken cancellationToken) where TEntity : class
    {
        if (!Enum.IsDefined(direction)) throw new ArgumentOutOfRangeException(nameof(direction), direction, "Not a SortDirection.");
        var key = accessor.Key!;
        var query = narrow is null ? repository.Query() : narrow(repository.Query());
        var order = orderBy is null ? key : accessor.Columns.Select(c => c.Column).First(c => c.Name == query.ColumnOf(orderBy, nameof(repository.PaginateAfterAsync)));
        var getOrder = accessor.Columns.First(c => c.Column == order).Get;
        var keyed = order == key;
        var after = direction == SortDirection.Ascending ? ">" : "<";
        // A cursor holds the stored values of a converted key or order (a CustomerId's Guid), which it can always spell.
        var conversions = (repository.Session as SessionBase)?.Pipeline.Mapping.Conversions ?? TypeConversions.None;
        Type StoredType(Type type) => conversions.Find(Nullable.GetUnderlyingType(type) ?? type)?.ProviderType ?? type;
        if (cursor is not null)
        {
            var (orderValue, keyValue) = KeysetCursor.Decode(repository.Options.CursorKey, cursor, order.Name, direction, StoredType(order.Type), StoredType(key.Type));
            query = query.ByNameChanged(q => keyed
                ? q.Where(key.Name, after, keyValue)
                : q.Where(g => g.Where(order.Name, after, orderValue).OrWhere(tie => tie.Where(order.Name, orderValue).Where(key.Name, after, keyValue))));
        }
        query = query.ByNameChanged(q => (keyed ? q : q.OrderBy(order.Name, direction)).OrderBy(key.Name, direction).Limit(pageSize + 1));
        var rows = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count <= pageSize) return new KeysetPage<TEntity>(rows, null);
        var items = rows.Take(pageSize).ToList();
        var last = items[^1];
        var lastOrder = getOrder(last) ?? throw new InvalidOperationException(
            $"Keyset pagination orders by {order.Name}, which is NULL in a row: order by a column that never holds NULL.");
        var lastKey = accessor.GetKey!(last);
        return new KeysetPage<TEntity>(items, KeysetCursor.Encode(repository.Options.CursorKey, order.Name, direction, conversions.ToProvider(lastOrder),
            lastKey is null ? null : conversions.ToProvider(lastKey)));
    }
}
