using System.Diagnostics.CodeAnalysis;
using Strata.Mapping;
namespace Strata;

/// <summary>The row of <typeparamref name="TParent"/> whose key this model's foreign key holds (many-to-one).</summary>
/// <typeparam name="TParent">The related model.</typeparam>
public sealed class BelongsTo<[DynamicallyAccessedMembers(MappedMembers.Types)] TParent> : ModelRelation where TParent : Model<TParent>, new()
{
    private readonly Func<string> _foreignKey;
    private TParent? _item;
    private bool _loaded;

    internal BelongsTo(IModel owner, string name, Func<string> foreignKey) : base(owner, name) => _foreignKey = foreignKey;

    /// <summary>This model's foreign-key column, named by the naming convention of the models' database.</summary>
    public string ForeignKey => _foreignKey();

    /// <inheritdoc />
    public override bool IsLoaded => _loaded;

    /// <summary>The loaded row, or null when the foreign key is NULL or points nowhere.</summary>
    /// <exception cref="InvalidOperationException">Not loaded.</exception>
    public TParent? Item => _loaded ? _item : throw new InvalidOperationException($"'{Name}' is not loaded: await {Name}.GetAsync(), or eager-load it with .With(\"{Name}\").");

    /// <summary>The related row (or null): the loaded one, or loaded now.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<TParent?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded) return _item;
        RequireLazyAllowed();
        var key = Owner.ColumnValue(ForeignKey);
        _item = key is null ? null : await Model<TParent>.FindAsync(key, cancellationToken).ConfigureAwait(false);
        _loaded = true;
        return _item;
    }

    internal override IEnumerable<IModel> Loaded => _item is null ? [] : [_item];

    internal override async Task<IReadOnlyList<IModel>> LoadAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var foreignKey = ForeignKey;
        var keys = relations.Select(r => r.Owner.ColumnValue(foreignKey)).Where(k => k is not null).Distinct().ToList();
        var parents = keys.Count == 0 ? [] : await Model<TParent>.Query().WhereIn(Model<TParent>.KeyColumn, keys).AsList().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byKey = parents.ToDictionary(p => Normalize(((IModel)p).KeyValue));
        foreach (BelongsTo<TParent> relation in relations)
        {
            relation._item = byKey.GetValueOrDefault(Normalize(relation.Owner.ColumnValue(foreignKey)));
            relation._loaded = true;
        }
        return parents;
    }

    internal override Task CountAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"WithCount counts the rows of a to-many relation; '{Name}' belongs to one {typeof(TParent).Name}.");
}
