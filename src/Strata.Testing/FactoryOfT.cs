using Bogus;

namespace Strata.Testing;

/// <summary>
/// Builds test entities from a definition on Bogus, in the style of Laravel's factories and factory_bot:
/// <c>var users = Factory.Define((f, n) =&gt; new User { … })</c> (see <see cref="Factory"/>), then <c>users.Make()</c> (not saved),
/// <c>await users.CreateAsync(db, 3)</c> or <c>await users.CreateAsync(repository)</c> (saved through a repository, so plugins such
/// as timestamps apply). A state is a derived factory (<c>var admins = users.With(u =&gt; u.IsAdmin = true);</c>),
/// <see cref="WithSequence"/> takes states in turn, and <see cref="Has{TChild}"/> adds children
/// (<c>users.Has(posts, 3, (u, p) =&gt; p.UserId = u.Id)</c>).
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
/// <remarks>
/// Immutable: <c>With</c> and <see cref="Seed"/> return new factories. The sequence number <c>n</c> (1, 2, 3, …) is
/// shared by a factory and every factory derived from it, and is thread-safe; the <see cref="Faker"/> is not, so one factory
/// should not make entities on several threads at once.
/// </remarks>
public sealed class Factory<T>
    where T : class
{
    private readonly Func<Faker, int, T> _definition;
    private readonly IReadOnlyList<Action<Faker, T>> _states;
    private readonly FactorySequence _sequence;
    private readonly Faker _faker;
    private readonly IReadOnlyList<IFactoryRelation<T>> _relations;

    internal Factory(Func<Faker, int, T> definition, IReadOnlyList<Action<Faker, T>> states, FactorySequence sequence, Faker faker,
        IReadOnlyList<IFactoryRelation<T>>? relations = null)
    {
        _definition = definition;
        _states = states;
        _sequence = sequence;
        _faker = faker;
        _relations = relations ?? [];
    }

    /// <summary>A state: a factory that changes each entity after this one's definition and states.</summary>
    /// <param name="state">Changes the entity (<c>u =&gt; u.IsAdmin = true</c>).</param>
    public Factory<T> With(Action<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return With((_, entity) => state(entity));
    }

    /// <summary>A state that uses the faker: a factory that changes each entity after this one's definition and states.</summary>
    /// <param name="state">Changes the entity.</param>
    public Factory<T> With(Action<Faker, T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new Factory<T>(_definition, [.. _states, state], _sequence, _faker, _relations);
    }

    /// <summary>
    /// A sequence of states, applied in turn: the first entity made gets the first, the next the second, and so on, starting
    /// over after the last (<c>users.WithSequence(u =&gt; u.Role = "admin", u =&gt; u.Role = "member")</c>).
    /// </summary>
    /// <param name="states">The states; at least one.</param>
    /// <exception cref="ArgumentException">No state was given.</exception>
    public Factory<T> WithSequence(params Action<T>[] states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Length == 0) throw new ArgumentException("WithSequence needs at least one state.", nameof(states));
        var turn = new FactorySequence();
        return With((_, entity) => states[(turn.Next() - 1) % states.Length](entity));
    }

    /// <summary>
    /// A relation: a factory that also makes <paramref name="count"/> children for each entity, from <paramref name="children"/>,
    /// joined to it by <paramref name="link"/> (<c>users.Has(posts, 3, (user, post) =&gt; post.UserId = user.Id)</c>). Saved
    /// (<c>CreateAsync</c>), the children are made and saved after their parent, so its key is there to link to; made
    /// (<see cref="Make()"/>), they are linked unsaved (<c>(user, post) =&gt; user.Posts.Add(post)</c>).
    /// </summary>
    /// <typeparam name="TChild">The child entity type.</typeparam>
    /// <param name="children">The children's factory, its states included.</param>
    /// <param name="count">How many children per entity; zero or more.</param>
    /// <param name="link">Joins a child to its parent (sets its foreign key, or adds it to a collection).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Factory<T> Has<TChild>(Factory<TChild> children, int count, Action<T, TChild> link)
        where TChild : class
    {
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new Factory<T>(_definition, _states, _sequence, _faker, [.. _relations, new FactoryRelation<T, TChild>(children, count, link)]);
    }

    /// <summary>A factory whose faker starts from <paramref name="seed"/>, so the same calls make the same values.</summary>
    /// <param name="seed">Bogus's random seed.</param>
    public Factory<T> Seed(int seed)
    {
        var faker = new Faker(_faker.Locale) { Random = new Randomizer(seed) };
        return new Factory<T>(_definition, _states, _sequence, faker, _relations);
    }

    /// <summary>Makes one entity (and the children of its relations) without saving it.</summary>
    public T Make()
    {
        var entity = MakeOne();
        foreach (var relation in _relations) relation.Make(entity);
        return entity;
    }

    private T MakeOne()
    {
        var entity = _definition(_faker, _sequence.Next());
        foreach (var state in _states) state(_faker, entity);
        return entity;
    }

    /// <summary>Makes <paramref name="count"/> entities without saving them.</summary>
    /// <param name="count">How many; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<T> Make(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Enumerable.Range(0, count).Select(_ => Make())];
    }

    /// <summary>Makes one entity and saves it with <see cref="IRepository{TEntity, TKey}.CreateAsync"/>; returns it as saved (its key filled in).</summary>
    /// <typeparam name="TKey">The entity's key type.</typeparam>
    /// <param name="repository">The repository; its validation and plugins apply.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    public async Task<T> CreateAsync<TKey>(IRepository<T, TKey> repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var saved = await repository.CreateAsync(MakeOne(), cancellationToken).ConfigureAwait(false);
        foreach (var relation in _relations) await relation.CreateAsync(saved, repository.Session, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Makes <paramref name="count"/> entities and saves them one by one with <see cref="IRepository{TEntity, TKey}.CreateAsync"/>.</summary>
    /// <typeparam name="TKey">The entity's key type.</typeparam>
    /// <param name="repository">The repository; its validation and plugins apply.</param>
    /// <param name="count">How many; zero or more.</param>
    /// <param name="cancellationToken">Cancels the inserts; those done stay.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public async Task<IReadOnlyList<T>> CreateAsync<TKey>(IRepository<T, TKey> repository, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var saved = new List<T>(count);
        for (var i = 0; i < count; i++) saved.Add(await CreateAsync(repository, cancellationToken).ConfigureAwait(false));
        return saved;
    }

    /// <summary>
    /// Makes one entity and saves it, with the children of its relations, through a <see cref="Repository{TEntity, TKey}"/> of its
    /// type on <paramref name="session"/> (so the database's plugins, timestamps say, apply); returns it as saved.
    /// </summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="cancellationToken">Cancels the inserts.</param>
    /// <exception cref="ArgumentException">The entity type has no key.</exception>
    public Task<T> CreateAsync(IDbSession session, CancellationToken cancellationToken = default) => CreateAsync(session, null, cancellationToken);

    /// <summary>Makes <paramref name="count"/> entities and saves them one by one, with their relations' children, on <paramref name="session"/>.</summary>
    /// <param name="session">The database, or a transaction.</param>
    /// <param name="count">How many; zero or more.</param>
    /// <param name="cancellationToken">Cancels the inserts; those done stay.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">The entity type has no key.</exception>
    public async Task<IReadOnlyList<T>> CreateAsync(IDbSession session, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var saved = new List<T>(count);
        for (var i = 0; i < count; i++) saved.Add(await CreateAsync(session, null, cancellationToken).ConfigureAwait(false));
        return saved;
    }

    /// <summary>Makes, adjusts (a relation's link), saves, then makes and saves the relations' children.</summary>
    internal async Task<T> CreateAsync(IDbSession session, Action<T>? adjust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var entity = MakeOne();
        adjust?.Invoke(entity);
        var saved = (T)await EntityWriter.CreateAsync(session, entity, cancellationToken).ConfigureAwait(false);
        foreach (var relation in _relations) await relation.CreateAsync(saved, session, cancellationToken).ConfigureAwait(false);
        return saved;
    }
}
