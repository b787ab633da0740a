using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// Active Record: a model class that finds, saves and deletes itself, with relationships to other models.
/// <code>
/// public sealed class User : Model&lt;User&gt;
/// {
///     public long Id { get; set; }
///     public string Name { get; set; } = "";
///     public HasMany&lt;Post&gt; Posts =&gt; HasMany&lt;Post&gt;(p =&gt; p.UserId);
/// }
/// var user = await User.FindAsync(1);
/// var posts = await user!.Posts.GetAsync();
/// var all = await User.SqlQuery().With(u =&gt; u.Posts).With("posts.comments").ToListAsync();
/// </code>
/// </summary>
/// <typeparam name="TSelf">The model type itself.</typeparam>
/// <remarks>
/// Models use <see cref="ModelDatabase.Current"/> (the flow's database, or the configured default) and work through a
/// <see cref="Repository{TEntity, TKey}"/>, so validation, optimistic concurrency, plugins (soft delete, timestamps, audit) and
/// the ambient transaction apply. A model instance is not thread-safe.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
    Justification = "Active Record: the static finders are called on the model type itself (User.FindAsync), which fixes TSelf.")]
public abstract class Model<[DynamicallyAccessedMembers(MappedMembers.Types)] TSelf> : IModel where TSelf : Model<TSelf>, new()
{
    private Dictionary<string, ModelRelation>? _relations;

    bool IModel.Exists { get; set; }

    bool IModel.FromList { get; set; }

    object? IModel.KeyValue => Accessor.GetKey!((TSelf)this);

    object? IModel.ColumnValue(string column)
    {
        foreach (var (c, get) in Accessor.Columns)
        {
            if (string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)) return get((TSelf)this);
        }
        throw new ArgumentException($"{typeof(TSelf).Name} has no column '{column}'.", nameof(column));
    }

    /// <summary>The key column of <typeparamref name="TSelf"/>.</summary>
    internal static string KeyColumn => Accessor.Map.RequireKey().Name;

    private static EntityAccessor<TSelf> Accessor => EntityAccessor<TSelf>.For(Repository().Map);

    /// <summary>The model with key <paramref name="id"/>, or null.</summary>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<TSelf?> FindAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return FoundAsync(Repository().FindByIdAsync(id, cancellationToken: cancellationToken));
    }

    // The repository's lookup by key (compiled once where no plugin rewrites reads), read as a query of one model.
    private static async Task<TSelf?> FoundAsync(Task<TSelf?> finding)
    {
        if (await finding.ConfigureAwait(false) is not IModel model) return null;
        model.Exists = true;
        model.FromList = false;
        return (TSelf)model;
    }

    /// <summary>The models matching <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The condition.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<IReadOnlyList<TSelf>> WhereAsync(Expression<Func<TSelf, bool>> predicate, CancellationToken cancellationToken = default) =>
        Query().Where(predicate).ToListAsync(cancellationToken);

    /// <summary>Saves a new model and returns it, with its generated key and the database's defaults.</summary>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<TSelf> CreateAsync(TSelf model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return CreatedAsync(model, model.SaveAsync(cancellationToken));
    }

    private static async Task<TSelf> CreatedAsync(TSelf model, Task saving)
    {
        await saving.ConfigureAwait(false);
        return model;
    }

    /// <summary>
    /// Updates the columns in <paramref name="values"/> of the row with key <paramref name="id"/>, without loading it:
    /// <c>await User.UpdateAsync(7, new { name = "Ada" })</c>. It is the repository's update by key, so plugins apply (timestamps
    /// set <c>updated_at</c>, soft-deleted rows are left alone, audit records the change in the same transaction). The model's own
    /// <c>OnUpdating</c>/<c>OnUpdated</c> hooks do not run, since there is no instance: load it and call <see cref="SaveAsync"/> for those.
    /// </summary>
    /// <param name="id">The key.</param>
    /// <param name="values">The columns to set: an object (members named by <c>[Column]</c> or the naming convention) or a dictionary of column names.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>True when a row was updated; false when there is no row with that key.</returns>
    /// <exception cref="ArgumentException">No values, or an invalid column name.</exception>
    /// <exception cref="InvalidOperationException">The model has no key, or several candidates.</exception>
    public static Task<bool> UpdateAsync(object id, object values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(values);
        return Repository().UpdateAsync(id, values, cancellationToken);
    }

    /// <summary>
    /// Deletes the row with key <paramref name="id"/> without loading it: <c>await User.DeleteAsync(7)</c>. It is the repository's
    /// delete by key: with soft delete on, the row is marked, not removed; audit records it. The <c>OnDeleting</c>/<c>OnDeleted</c>
    /// hooks do not run (there is no instance).
    /// </summary>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>True when a row was deleted (or marked); false when there is none with that key.</returns>
    /// <exception cref="InvalidOperationException">The model has no key, or several candidates.</exception>
    public static Task<bool> DeleteAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Repository().DeleteAsync(id, cancellationToken);
    }

    /// <summary>A query of the models, with eager loading (<see cref="ModelQuery{TSelf}.With(string)"/>).</summary>
    public static ModelQuery<TSelf> Query() => new(Repository().Query());

    /// <summary>Inserts the model when it is new, updates it otherwise, and takes back what the database stored (key, defaults, version).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ValidationException">The model is not valid.</exception>
    /// <exception cref="ConcurrencyException">An update found the row changed since it was read.</exception>
    public Task SaveAsync(CancellationToken cancellationToken = default)
    {
        // The repository is taken here, in the caller's own frame rather than inside an async method, so that the write marks the
        // caller's flow for read-your-writes (an async method's changes to the flow end with it).
        try
        {
            return SaveWithAsync(Repository(), cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private async Task SaveWithAsync(Repository<TSelf, object> repository, CancellationToken cancellationToken)
    {
        var self = (TSelf)this;
        if (!((IModel)this).Exists)
        {
            await OnCreatingAsync(cancellationToken).ConfigureAwait(false);
            Accessor.Copy(await repository.CreateAsync(self, cancellationToken).ConfigureAwait(false), self);
            ((IModel)this).Exists = true;
            await OnCreatedAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await OnUpdatingAsync(cancellationToken).ConfigureAwait(false);
        Accessor.Copy(await repository.UpdateAsync(self, cancellationToken).ConfigureAwait(false), self);
        await OnUpdatedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the model's row again into it, and forgets loaded relations.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="InvalidOperationException">The row is gone.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var key = ((IModel)this).KeyValue ?? throw new InvalidOperationException($"This {typeof(TSelf).Name} has no key yet: save it first.");
        var stored = await Repository().FindByIdAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{typeof(TSelf).Name} {key} is gone: it was deleted since it was read.");
        Accessor.Copy(stored, (TSelf)this);
        _relations = null;
    }

    /// <summary>Deletes the model's row (soft delete, when on, marks it); false when there was none.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        // As SaveAsync: the repository is taken in the caller's frame.
        try
        {
            return DeleteWithAsync(Repository(), cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<bool>(e);
        }
    }

    private async Task<bool> DeleteWithAsync(Repository<TSelf, object> repository, CancellationToken cancellationToken)
    {
        await OnDeletingAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await repository.DeleteAsync((TSelf)this, cancellationToken).ConfigureAwait(false);
        ((IModel)this).Exists = false;
        await OnDeletedAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Called before a new model is inserted; may change it.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnCreatingAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called after a new model was inserted (it holds its generated key).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnCreatedAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called before an existing model is updated; may change it.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnUpdatingAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called after an existing model was updated.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnUpdatedAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called before the model is deleted.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnDeletingAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called after the model was deleted.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    protected virtual ValueTask OnDeletedAsync(CancellationToken cancellationToken) => default;

    /// <summary>Declares a one-to-many relation: the <typeparamref name="TChild"/> rows whose <paramref name="foreignKey"/> holds this model's key.</summary>
    /// <param name="foreignKey">The child's foreign-key member, e.g. <c>p =&gt; p.UserId</c>.</param>
    /// <param name="name">The relation's name (the calling property's, filled in by the compiler).</param>
    protected HasMany<TChild> HasMany<[DynamicallyAccessedMembers(MappedMembers.Types)] TChild>(Expression<Func<TChild, object?>> foreignKey, [CallerMemberName] string name = "") where TChild : Model<TChild>, new() =>
        Relation(name, () => new HasMany<TChild>(this, name, ModelRelation.MemberOf<TChild>(foreignKey)));

    /// <summary>Declares a one-to-one relation: the <typeparamref name="TChild"/> row whose <paramref name="foreignKey"/> holds this model's key.</summary>
    /// <param name="foreignKey">The child's foreign-key member.</param>
    /// <param name="name">The relation's name.</param>
    protected HasOne<TChild> HasOne<[DynamicallyAccessedMembers(MappedMembers.Types)] TChild>(Expression<Func<TChild, object?>> foreignKey, [CallerMemberName] string name = "") where TChild : Model<TChild>, new() =>
        Relation(name, () => new HasOne<TChild>(this, name, ModelRelation.MemberOf<TChild>(foreignKey)));

    /// <summary>Declares a many-to-one relation: the <typeparamref name="TParent"/> row whose key this model's <paramref name="foreignKey"/> holds.</summary>
    /// <param name="foreignKey">This model's foreign-key member, e.g. <c>p =&gt; p.UserId</c>.</param>
    /// <param name="name">The relation's name.</param>
    protected BelongsTo<TParent> BelongsTo<[DynamicallyAccessedMembers(MappedMembers.Types)] TParent>(Expression<Func<TSelf, object?>> foreignKey, [CallerMemberName] string name = "") where TParent : Model<TParent>, new() =>
        Relation(name, () =>
        {
            var member = ModelRelation.MemberOf<TSelf>(foreignKey);
            return new BelongsTo<TParent>(this, name, () => ModelRelation.ColumnOf<TSelf>(member));
        });

    /// <summary>Declares a many-to-many relation through <paramref name="joinTable"/>.</summary>
    /// <param name="joinTable">The join table.</param>
    /// <param name="foreignKey">Its column holding this model's key.</param>
    /// <param name="relatedKey">Its column holding the related model's key.</param>
    /// <param name="name">The relation's name.</param>
    protected BelongsToMany<TRelated> BelongsToMany<[DynamicallyAccessedMembers(MappedMembers.Types)] TRelated>(string joinTable, string foreignKey, string relatedKey, [CallerMemberName] string name = "")
        where TRelated : Model<TRelated>, new() =>
        Relation(name, () => new BelongsToMany<TRelated>(this, name, joinTable, foreignKey, relatedKey));

    /// <summary>
    /// The repository on <see cref="ModelDatabase.Current"/>: kept while that is the same <see cref="Database"/> (thread-safe there),
    /// so that what a repository builds once (its queries, the compiled lookup by key) is built once per model type, not per call.
    /// </summary>
    private static Repository<TSelf, object> Repository()
    {
        var database = ModelDatabase.Current;
        if (database is not Database opened) return new(database);
        if (Volatile.Read(ref _repository) is { } kept && ReferenceEquals(kept.Session, opened))
        {
            // What a new repository does in its constructor: the caller's flow sees its own writes on read replicas.
            Replicas.ReplicaRouting.Touch(opened);
            return kept;
        }
        var made = new Repository<TSelf, object>(opened);
        Volatile.Write(ref _repository, made);
        return made;
    }

    // One per model type; another database (a scope's) replaces it.
    private static Repository<TSelf, object>? _repository;

    private T Relation<T>(string name, Func<T> create) where T : ModelRelation
    {
        _relations ??= new Dictionary<string, ModelRelation>(StringComparer.Ordinal);
        if (!_relations.TryGetValue(name, out var relation)) _relations[name] = relation = create();
        return (T)relation;
    }
}
