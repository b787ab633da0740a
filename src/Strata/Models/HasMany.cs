using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Strata.Mapping;

namespace Strata;

/// <summary>The rows of <typeparamref name="TChild"/> whose foreign key holds this model's key (one-to-many).</summary>
/// <typeparam name="TChild">The related model.</typeparam>
public class HasMany<[DynamicallyAccessedMembers(MappedMembers.Types)] TChild> : ModelRelation where TChild : Model<TChild>, new()
{
    private readonly MemberInfo _foreignKey;
    private IReadOnlyList<TChild>? _items;

    internal HasMany(IModel owner, string name, MemberInfo foreignKey) : base(owner, name) => _foreignKey = foreignKey;

    /// <summary>The foreign-key column of <typeparamref name="TChild"/>, named by the naming convention of the models' database.</summary>
    public string ForeignKey => ColumnOf<TChild>(_foreignKey);

    /// <inheritdoc />
    public override bool IsLoaded => _items is not null;

    /// <summary>The loaded rows.</summary>
    /// <exception cref="InvalidOperationException">Not loaded: call <see cref="GetAsync"/>, or eager-load it.</exception>
    public IReadOnlyList<TChild> Items => _items ?? throw new InvalidOperationException($"'{Name}' is not loaded: await {Name}.GetAsync(), or eager-load it with .With(\"{Name}\").");

    /// <summary>The related rows: the loaded ones, or loaded now with one query.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="InvalidOperationException">Strict loading refuses to lazily load for a model from a multi-row query.</exception>
    public async Task<IReadOnlyList<TChild>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_items is not null) return _items;
        RequireLazyAllowed();
        return _items = await Query().ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A query for the related rows, to narrow or order before running (the result is not kept in the relation).</summary>
    public ModelQuery<TChild> Query() => Model<TChild>.Query().WhereColumn(ForeignKey, Owner.KeyValue);

    /// <summary>The related rows matching <paramref name="predicate"/>, as a query.</summary>
    /// <param name="predicate">The condition.</param>
    public ModelQuery<TChild> Where(Expression<Func<TChild, bool>> predicate) => Query().Where(predicate);

    /// <summary>The related rows ordered by <paramref name="key"/>, as a query.</summary>
    /// <param name="key">The order.</param>
    public ModelQuery<TChild> OrderBy<TKey>(Expression<Func<TChild, TKey>> key) => Query().OrderBy(key);

    internal void Set(IReadOnlyList<TChild> items) => _items = items;

    internal override IEnumerable<IModel> Loaded => _items ?? [];

    internal override async Task<IReadOnlyList<IModel>> LoadAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var keys = relations.Select(r => r.Owner.KeyValue).Where(k => k is not null).Distinct().ToList();
        var foreignKey = ForeignKey;
        var children = keys.Count == 0 ? [] : await Model<TChild>.Query().WhereIn(foreignKey, keys).AsList().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byOwner = children.ToLookup(c => Normalize(((IModel)c).ColumnValue(foreignKey)));
        foreach (HasMany<TChild> relation in relations) relation.Set([.. byOwner[Normalize(relation.Owner.KeyValue)]]);
        return children;
    }

    internal override async Task CountAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var keys = relations.Select(r => r.Owner.KeyValue).Where(k => k is not null).Distinct().ToList();
        var foreignKey = ForeignKey;
        var counts = keys.Count == 0 ? [] : await Model<TChild>.Query().WhereIn(foreignKey, keys).CountByAsync(foreignKey, cancellationToken).ConfigureAwait(false);
        foreach (var relation in relations) relation.Count = counts.GetValueOrDefault(Normalize(relation.Owner.KeyValue));
    }
}

/// <summary>The one row of <typeparamref name="TChild"/> whose foreign key holds this model's key (one-to-one).</summary>
/// <typeparam name="TChild">The related model.</typeparam>
public sealed class HasOne<[DynamicallyAccessedMembers(MappedMembers.Types)] TChild> : ModelRelation where TChild : Model<TChild>, new()
{
    private readonly HasMany<TChild> _rows;

    internal HasOne(IModel owner, string name, MemberInfo foreignKey) : base(owner, name) => _rows = new HasMany<TChild>(owner, name, foreignKey);

    /// <inheritdoc />
    public override bool IsLoaded => _rows.IsLoaded;

    /// <summary>The loaded row, or null when there is none.</summary>
    /// <exception cref="InvalidOperationException">Not loaded.</exception>
    public TChild? Item => _rows.Items.Count > 0 ? _rows.Items[0] : null;

    /// <summary>The related row (or null): the loaded one, or loaded now.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<TChild?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!_rows.IsLoaded) RequireLazyAllowed();
        var rows = await _rows.GetAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    internal override IEnumerable<IModel> Loaded => _rows.Loaded;

    internal override Task<IReadOnlyList<IModel>> LoadAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken) =>
        _rows.LoadAllAsync([.. relations.Cast<HasOne<TChild>>().Select(r => r._rows)], cancellationToken);

    internal override async Task CountAllAsync(IReadOnlyList<ModelRelation> relations, CancellationToken cancellationToken)
    {
        var inner = relations.Cast<HasOne<TChild>>().Select(r => (ModelRelation)r._rows).ToList();
        await _rows.CountAllAsync(inner, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < relations.Count; i++) relations[i].Count = inner[i].Count;
    }
}
