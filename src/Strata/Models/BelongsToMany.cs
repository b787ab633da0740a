using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;
namespace Strata;

using Strata.Query;

/// <summary>
/// The rows of <typeparamref name="TRelated"/> joined to this model through a join table (many-to-many): the join table's
/// <see cref="ForeignKey"/> holds this model's key and its <see cref="RelatedKey"/> the related row's key.
/// </summary>
/// <typeparam name="TRelated">The related model.</typeparam>
public sealed class BelongsToMany<[DynamicallyAccessedMembers(MappedMembers.Types)] TRelated> : ModelRelation where TRelated : Model<TRelated>, new()
{
    private IReadOnlyList<TRelated>? _items;

    internal BelongsToMany(IModel owner, string name, string joinTable, string foreignKey, string relatedKey) : base(owner, name)
    {
        JoinTable = SqlQuery.Table(joinTable);
        ForeignKey = SqlQuery.ColumnName(foreignKey, nameof(foreignKey));
        RelatedKey = SqlQuery.ColumnName(relatedKey, nameof(relatedKey));
    }

    /// <summary>The join table.</summary>
    public string JoinTable { get; }

    /// <summary>The join table's column holding this model's key.</summary>
    public string ForeignKey { get; }

    /// <summary>The join table's column holding the related row's key.</summary>
    public string RelatedKey { get; }

    /// <inheritdoc />
    public override bool IsLoaded => _items is not null;

    /// <summary>The loaded rows.</summary>
    /// <exception cref="InvalidOperationException">Not loaded.</exception>
    public IReadOnlyList<TRelated> Items => _items ?? throw new InvalidOperationException($"'{Name}' is not loaded: await {Name}.GetAsync(), or eager-load it with .With(\"{Name}\").");

    /// <summary>The related rows: the loaded ones, or loaded now (two queries: the join rows, then the related rows).</summary>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public async Task<IReadOnlyList<TRelated>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_items is not null) return _items;
        RequireLazyAllowed();
        await LoadAllAsync([this], cancellationToken).ConfigureAwait(false);
        return _items!;
    }

    internal override IEnumerable<IModel> Loaded => _items ?? [];

    internal override async Task<IReadOnlyList<IModel>> LoadAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var owners = relations.Select(r => r.Owner.KeyValue).Where(k => k is not null).Distinct().ToList();
        var links = owners.Count == 0 ? [] : await Pairs(owners).ToListAsync<(object Owner, object Related)>(cancellationToken).ConfigureAwait(false);
        var relatedKeys = links.Select(l => l.Related).Distinct().ToList();
        var related = relatedKeys.Count == 0 ? []
            : await Model<TRelated>.Query().WhereIn(Model<TRelated>.KeyColumn, relatedKeys).AsList().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byKey = related.ToDictionary(r => Normalize(((IModel)r).KeyValue));
        var byOwner = links.ToLookup(l => Normalize(l.Owner), l => Normalize(l.Related));
        foreach (BelongsToMany<TRelated> relation in relations)
            relation._items = [.. byOwner[Normalize(relation.Owner.KeyValue)].Where(byKey.ContainsKey).Select(k => byKey[k])];
        return related;
    }

    internal override async Task CountAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var owners = relations.Select(r => r.Owner.KeyValue).Where(k => k is not null).Distinct().ToList();
        var links = owners.Count == 0 ? [] : await Pairs(owners).ToListAsync<(object Owner, object Related)>(cancellationToken).ConfigureAwait(false);
        var counts = links.GroupBy(l => Normalize(l.Owner)).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var relation in relations) relation.Count = counts.GetValueOrDefault(Normalize(relation.Owner.KeyValue));
    }

    private SqlQuery Pairs(List<object?> owners) => ModelDatabase.Current.From(JoinTable).Select(ForeignKey, RelatedKey).WhereIn(ForeignKey, owners);
}
