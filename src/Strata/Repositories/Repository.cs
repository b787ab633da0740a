using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Strata.Mapping;
using Strata.Plugins;
using Strata.Query;
using Strata.Validation;

namespace Strata;

/// <summary>
/// The repository of <typeparamref name="TEntity"/>: <see cref="IRepository{TEntity, TKey}"/> over its mapped table, with
/// validation before any SQL, optimistic concurrency on a <c>[ConcurrencyCheck]</c> member, and the plugins enabled for the
/// table, for the entity (<see cref="PluginsAttribute"/>) and in <see cref="RepositoryOptions.Plugins"/>. Subclass it for
/// custom queries built on <see cref="Query"/>.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <remarks>
/// Thread-safe when its session is (a <see cref="Database"/>, whose commands join the ambient transaction of the calling
/// flow); a repository on a <see cref="Transaction"/> is used by one flow at a time. Writes observed by plugins (audit) run in
/// a transaction (a savepoint inside one) with the plugins' own writes.
/// </remarks>
public class Repository<[DynamicallyAccessedMembers(MappedMembers.Types)] TEntity, [DynamicallyAccessedMembers(MappedMembers.Types)] TKey> : IRepository<TEntity, TKey> where TEntity : class
{
    private readonly EntityAccessor<TEntity> _accessor;
    private readonly IValidator<TEntity>? _validator;
    private readonly ImmutableArray<IDatabasePlugin> _extraPlugins;

    // What writes read back: the whole row, so defaults and values set by the database and by triggers reach the entity.
    private static readonly string[] AllColumns = ["*"];

    /// <summary>Creates a repository on <paramref name="session"/> (a database, or a transaction to work inside it).</summary>
    /// <param name="session">The session.</param>
    /// <param name="options">Validation, paging and plugins; null for <see cref="RepositoryOptions.Default"/>.</param>
    /// <param name="validator">Validates entities beside their DataAnnotations attributes, or null.</param>
    /// <exception cref="InvalidOperationException">The entity has no key (<c>[Key]</c>, a member named <c>Id</c> or <c>&lt;TypeName&gt;Id</c>) or
    /// several candidates, or an option names an unknown plugin.</exception>
    public Repository(IDbSession session, RepositoryOptions? options = null, IValidator<TEntity>? validator = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        Options = options ?? RepositoryOptions.Default;
        _validator = validator;
        Map = EntityMap.For<TEntity>((session as SessionBase)?.Pipeline.Convention);
        // A repository is usually created in the flow that uses it (one per request), so its writes, made inside its
        // async methods, can mark that flow for read-your-writes.
        TouchFlow();
        Map.RequireKey();
        _accessor = EntityAccessor<TEntity>.For(Map);
        var registry = (session.Database as Database)?.Plugins;
        _extraPlugins = [.. Options.Plugins.Select(name => registry?.Resolve(name) ?? throw new InvalidOperationException(
            $"The repository of {typeof(TEntity).Name} names the plugin '{name}', which is neither built in (softDelete, timestamps, audit) nor registered."))];
    }

    /// <inheritdoc />
    public EntityMap<TEntity> Map { get; }

    /// <inheritdoc />
    public IDbSession Session { get; }

    /// <summary>The options the repository was created with.</summary>
    public RepositoryOptions Options { get; }

    /// <summary>The key column's name.</summary>
    protected string KeyColumn => Map.Key!.Name;

    /// <inheritdoc />
    /// <remarks>
    /// The query is made once per repository and handed out again (queries are immutable), so each call costs no new
    /// AST; it still marks the caller's flow for read-your-writes, as <see cref="IDbSession.From{T}()"/> does.
    /// </remarks>
    public virtual SqlQuery<TEntity> Query()
    {
        TouchFlow();
        return _query ??= Build();

        SqlQuery<TEntity> Build()
        {
            var query = Options.Table is null ? Session.From<TEntity>() : Session.From<TEntity>(Options.Table);
            return _extraPlugins.Length == 0 ? query : query.ByNameChanged(q => q.WithPlugins(_extraPlugins));
        }
    }

    private SqlQuery<TEntity>? _query;
    private SqlQuery<TEntity>? _single;

    /// <summary>Marks the caller's flow for read-your-writes, as making a query on the session does.</summary>
    private void TouchFlow()
    {
        if (Session is SessionBase owned) Replicas.ReplicaRouting.Touch(owned.Owner);
    }

    /// <summary>The query writes go through where the dialect returns written rows: <see cref="Query"/> returning the whole row.</summary>
    private SqlQuery<TEntity> Returning() => _returning ??= Query().ByNameChanged(q => q.Returning(AllColumns));

    private SqlQuery<TEntity>? _returning;

    /// <inheritdoc />
    public virtual Task<TEntity?> FindByIdAsync(TKey id, bool lockRow = false, CancellationToken cancellationToken = default)
    {
        if (lockRow && Session.CurrentTransaction is null)
            throw new InvalidOperationException(
                $"FindByIdAsync with lockRow holds a row lock until the transaction ends, so it needs one: call it inside db.TransactionAsync(…) or on a transaction's repository.");
        TouchFlow();
        // Compiled once when no plugin rewrites the read (see QueryExecution.FirstByKey): each call then only binds its key.
        object? key = id;
        if (!lockRow && key is not null && _byKey is { } compiled) return Session.QueryFirstOrDefaultAsync<TEntity>(compiled.For(key), cancellationToken);
        // From a query already limited to one row, so that reading the first row makes no second copy of the query.
        var query = (_single ??= Query().ByNameChanged(q => q.Limit(1))).WhereByName(KeyColumn, key);
        if (lockRow) return query.ByNameChanged(q => q.ForUpdate()).FirstOrDefaultAsync(cancellationToken);
        if (!_byKeyTried && key is not null)
        {
            _byKeyTried = true;
            if ((_byKey = QueryExecution.FirstByKey(query.ByName, key, nameof(FindByIdAsync))) is { } first)
                return Session.QueryFirstOrDefaultAsync<TEntity>(first.For(key), cancellationToken);
        }
        return query.FirstOrDefaultAsync(cancellationToken);
    }

    // Set once by the first lookup without a row lock; a race only makes another thread compile it too.
    private KeyLookup? _byKey;
    private bool _byKeyTried;

    /// <inheritdoc />
    public virtual Task<TEntity?> FindOneAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default) =>
        Ordered(Query().Where(predicate)).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<TEntity?> FindOneAsync(object columns, CancellationToken cancellationToken = default) =>
        Ordered(Matching(columns)).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TEntity>> FindAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default) =>
        Ordered(Query().Where(predicate)).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TEntity>> FindAsync(object columns, CancellationToken cancellationToken = default) =>
        Ordered(Matching(columns)).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TEntity>> ListAsync(CancellationToken cancellationToken = default) => Ordered(Query()).ToListAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> CountAsync(Expression<Func<TEntity, bool>>? predicate = null, CancellationToken cancellationToken = default) =>
        (predicate is null ? Query() : Query().Where(predicate)).CountAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> ExistsAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken = default) =>
        Query().Where(predicate).ExistsAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<TEntity> CreateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        try
        {
            // Validated at once and nothing observing: the insert's own task is the result, with no second task per call.
            var validation = ValidateAsync(entity, cancellationToken);
            if (!validation.IsCompletedSuccessfully || Observed) return CreateAfterValidationAsync(validation, entity, cancellationToken);
            validation.GetAwaiter().GetResult();
            return InsertAsync(Session, entity, cancellationToken).AsTask();
        }
        catch (Exception e)
        {
            return Task.FromException<TEntity>(e);
        }
    }

    private async Task<TEntity> CreateAfterValidationAsync(ValueTask validation, TEntity entity, CancellationToken cancellationToken)
    {
        await validation.ConfigureAwait(false);
        if (!Observed) return await InsertAsync(Session, entity, cancellationToken).ConfigureAwait(false);
        return await ObservedAsync(EntityWriteAction.Insert, KeyOf(entity), entity, session => InsertAsync(session, entity, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<IReadOnlyList<TEntity>> CreateManyAsync(IEnumerable<TEntity> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = entities.ToList();
        foreach (var entity in list) await ValidateAsync(entity, cancellationToken).ConfigureAwait(false);
        if (list.Count == 0) return [];
        if (Session.Dialect.SupportsReturning && !Observed)
            return await Query().ByName.Returning(AllColumns).InsertManyAsync<TEntity>(list.Select(e => _accessor.Values(e, withKey: true, insert: true)).ToList(), cancellationToken).ConfigureAwait(false);
        // One insert at a time (all in one transaction) where the database cannot return the rows of a multi-row insert, or plugins watch each write.
        return await Session.TransactionAsync<IReadOnlyList<TEntity>>(async tx =>
        {
            var scoped = WithSession(tx);
            var created = new List<TEntity>(list.Count);
            foreach (var entity in list) created.Add(await scoped.CreateAsync(entity, cancellationToken).ConfigureAwait(false));
            return created;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual Task<TEntity> UpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        try
        {
            // As CreateAsync: without a pending validation or an observer, the update's own task is the result.
            var validation = ValidateAsync(entity, cancellationToken);
            if (!validation.IsCompletedSuccessfully || Observed) return UpdateAfterValidationAsync(validation, entity, cancellationToken);
            validation.GetAwaiter().GetResult();
            return UpdateRowAsync(Session, RequireKey(entity, nameof(UpdateAsync)), entity, cancellationToken).AsTask();
        }
        catch (Exception e)
        {
            return Task.FromException<TEntity>(e);
        }
    }

    private async Task<TEntity> UpdateAfterValidationAsync(ValueTask validation, TEntity entity, CancellationToken cancellationToken)
    {
        await validation.ConfigureAwait(false);
        var id = RequireKey(entity, nameof(UpdateAsync));
        if (!Observed) return await UpdateRowAsync(Session, id, entity, cancellationToken).ConfigureAwait(false);
        return await ObservedAsync(EntityWriteAction.Update, id, entity, session => UpdateRowAsync(session, id, entity, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    // Pooled, as the command it runs (each value task is awaited or turned into a task once).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TEntity> UpdateRowAsync(IDbSession session, TKey id, TEntity entity, CancellationToken cancellationToken)
    {
        var values = _accessor.Values(entity, withKey: false);
        var repository = WithSession(session);
        var returning = session.Dialect.SupportsUpdateReturning;
        var query = (returning ? repository.Returning() : repository.Query()).WhereByName(KeyColumn, id);
        if (_accessor.Version is { } version) query = Versioned(query, version, entity, values);
        if (returning)
        {
            // One statement where the database returns the updated row, instead of an update and a read.
            return await query.ByName.WriteOneAsync<TEntity>(QueryOperation.Update, values, cancellationToken).ConfigureAwait(false) ?? throw Stale(id, "updated");
        }
        if (await query.ByName.UpdateAsync(values, cancellationToken).ConfigureAwait(false) == 0) throw Stale(id, "updated");
        return await WithSession(session).ById(id).FirstAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The update of <paramref name="query"/> only while the row still has the entity's version, with the next version among
    /// <paramref name="values"/> when it is a number. Apart from the update, so that its closure is made only for versioned entities.
    /// </summary>
    private SqlQuery<TEntity> Versioned(SqlQuery<TEntity> query, EntityColumn version, TEntity entity, EntityColumnValues values)
    {
        var current = _accessor.GetVersion!(entity);
        if (_accessor.IncrementsVersion) values.Set(version.Name, Convert.ToInt64(current ?? 0, System.Globalization.CultureInfo.InvariantCulture) + 1);
        return query.ByNameChanged(q => q.Where(version.Name, current));
    }

    /// <inheritdoc />
    public virtual async Task<bool> UpdateAsync(TKey id, object patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var updated = false;
        await ObservedAsync(EntityWriteAction.Update, id, null, async session =>
        {
            updated = await WithSession(session).ById(id).ByName.UpdateAsync(patch, cancellationToken).ConfigureAwait(false) > 0;
            return updated ? await WithSession(session).ById(id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) : null;
        }, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <inheritdoc />
    public virtual async Task<bool> DeleteAsync(TKey id, CancellationToken cancellationToken = default)
    {
        var deleted = false;
        await ObservedAsync<TEntity?>(EntityWriteAction.Delete, id, null, async session =>
        {
            deleted = await WithSession(session).ById(id).ByName.DeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            return null;
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public virtual async Task<bool> DeleteAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var id = RequireKey(entity, nameof(DeleteAsync));
        if (_accessor.Version is not { } version) return await DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await ObservedAsync<TEntity?>(EntityWriteAction.Delete, id, null, async session =>
        {
            var current = _accessor.GetVersion!(entity);
            if (await WithSession(session).ById(id).ByNameChanged(q => q.Where(version.Name, current)).ByName.DeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
                throw Stale(id, "deleted");
            return null;
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public virtual async Task<TEntity> UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(entity, cancellationToken).ConfigureAwait(false);
        if (KeyOf(entity) is not TKey id) return await CreateAsync(entity, cancellationToken).ConfigureAwait(false);
        return await ObservedAsync(EntityWriteAction.Update, id, entity, async session =>
        {
            var values = _accessor.Values(entity, withKey: true);
            var query = WithSession(session).Query().ByName;
            if (Session.Dialect.SupportsReturning)
                return (await query.Returning(AllColumns).UpsertAsync<TEntity>(values, [KeyColumn], null, cancellationToken).ConfigureAwait(false))[0];
            await query.UpsertAsync(values, [KeyColumn], null, cancellationToken).ConfigureAwait(false);
            return await WithSession(session).ById(id).FirstAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task<long> BulkInsertAsync(IEnumerable<TEntity> entities, BulkInsertOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = entities as IReadOnlyList<TEntity> ?? entities.ToList();
        if (Options.Validation != ValidationStrategy.None)
        {
            foreach (var entity in list) await ValidateAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        return await Session.BulkInsertAsync(Options.Table ?? Map.Table, list, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual Task<Page<TEntity>> PaginateAsync(int page, int pageSize, Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? query = null, CancellationToken cancellationToken = default) =>
        RepositoryPagination.PageAsync(this, page, Clamp(pageSize), query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<KeysetPage<TEntity>> PaginateAfterAsync<TOrder>(string? cursor, int pageSize, Expression<Func<TEntity, TOrder>>? orderBy = null,
        SortDirection direction = SortDirection.Ascending, Func<SqlQuery<TEntity>, SqlQuery<TEntity>>? query = null, CancellationToken cancellationToken = default) =>
        RepositoryPagination.AfterAsync(this, _accessor, cursor, Clamp(pageSize), orderBy, direction, query, cancellationToken);

    /// <summary>A query for the row with key <paramref name="id"/>.</summary>
    /// <param name="id">The key.</param>
    protected SqlQuery<TEntity> ById(TKey id) => Query().WhereByName(KeyColumn, id);

    /// <summary>The same repository on another session (a transaction), sharing its options and validator.</summary>
    /// <param name="session">The session.</param>
    protected virtual Repository<TEntity, TKey> WithSession(IDbSession session) =>
        ReferenceEquals(session, Session) ? this : new Repository<TEntity, TKey>(session, Options, _validator);

    private SqlQuery<TEntity> Matching(object columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var pairs = ColumnValues.From(columns, Session);
        return Query().ByNameChanged(q => pairs.Aggregate(q, (current, pair) => pair.Value is null ? current.WhereNull(pair.Key) : current.Where(pair.Key, pair.Value)));
    }

    private SqlQuery<TEntity> Ordered(SqlQuery<TEntity> query) =>
        query.ByName.Node.OrderBy.IsEmpty ? query.ByNameChanged(q => q.OrderBy(KeyColumn)) : query;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TEntity> InsertAsync(IDbSession session, TEntity entity, CancellationToken cancellationToken)
    {
        var values = _accessor.Values(entity, withKey: true, insert: true);
        var repository = WithSession(session);
        if (session.Dialect.SupportsReturning)
            return await repository.Returning().ByName.WriteOneAsync<TEntity>(QueryOperation.Insert, values, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"The INSERT of a {typeof(TEntity).Name} into {Options.Table ?? Map.Table} returned no row: a trigger on the table skipped it, so there is nothing to return.");
        var query = repository.Query().ByName;
        // Without RETURNING, the generated key comes back alone (LAST_INSERT_ID) and the row is read again for its defaults.
        TKey id;
        if (values.Sets(KeyColumn))
        {
            await query.InsertAsync(values, cancellationToken).ConfigureAwait(false);
            id = (TKey)_accessor.GetKey!(entity)!;
        }
        else
        {
            id = (await query.Returning(KeyColumn).InsertAsync<TKey>(values, cancellationToken).ConfigureAwait(false))[0];
        }
        return await WithSession(session).ById(id).FirstAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when a plugin of the repository watches its writes (audit), so writes run in a transaction with old and new values.</summary>
    private bool Observed => Observers.Length > 0;

    // The plugins that watch writes: fixed for a repository (the database's plugins are fixed when it opens), so found once.
    private IDatabasePlugin[] Observers => _observers ??= [.. Query().ByName.Plugins.Where(p => p.ObservesWrites)];

    private IDatabasePlugin[]? _observers;

    /// <summary>Runs a write; when plugins observe writes, inside a transaction with the row's values before and after handed to them.</summary>
    private async Task<TResult> ObservedAsync<TResult>(EntityWriteAction action, object? key, TEntity? entity, Func<IDbSession, Task<TResult>> write, CancellationToken cancellationToken)
        where TResult : TEntity?
    {
        var observers = Observers;
        if (observers.Length == 0) return await write(Session).ConfigureAwait(false);
        return await Session.TransactionAsync(async tx =>
        {
            var before = key is TKey id && action != EntityWriteAction.Insert ? await WithSession(tx).ById(id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) : null;
            var context = new EntityWriteContext(tx, Options.Table ?? Map.Table, typeof(TEntity), action, key, before is null ? null : _accessor.AllValues(before),
                entity is null ? null : _accessor.AllValues(entity));
            foreach (var plugin in observers) await plugin.OnWritingAsync(context, cancellationToken).ConfigureAwait(false);
            var result = await write(tx).ConfigureAwait(false);
            if (result is TEntity written)
            {
                context.Key = _accessor.GetKey!(written);
                context.NewValues = _accessor.AllValues(written);
            }
            else if (action == EntityWriteAction.Delete)
            {
                context.NewValues = null;
            }
            foreach (var plugin in observers) await plugin.OnWrittenAsync(context, cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private ValueTask ValidateAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return EntityValidator.ValidateAsync(entity, Options.Validation, _validator, cancellationToken);
    }

    private object? KeyOf(TEntity entity)
    {
        var key = _accessor.GetKey!(entity);
        return EntityAccessor<TEntity>.IsDefault(key, Map.Key!.Type) ? null : key;
    }

    private TKey RequireKey(TEntity entity, string method)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return KeyOf(entity) is TKey id ? id : throw new ArgumentException($"{method} needs the entity's key ({Map.Key!.Member.Name}); this {typeof(TEntity).Name} has none set.", nameof(entity));
    }

    private ConcurrencyException Stale(TKey id, string verb) => new(
        _accessor.Version is { } version
            ? $"{typeof(TEntity).Name} {id} was not {verb}: its row changed since it was read ({version.Name} differs) or is gone. Read it again and retry."
            : $"{typeof(TEntity).Name} {id} was not {verb}: there is no such row.",
        new DatabaseErrorDetails(Session.Dialect.Name, Table: Options.Table ?? Map.Table));

    private int Clamp(int pageSize) => pageSize <= 0 ? Options.DefaultPageSize : Math.Min(pageSize, Options.MaxPageSize);
}
