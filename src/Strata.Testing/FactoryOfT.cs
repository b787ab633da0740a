using Bogus;

namespace Strata.Testing;

/// <summary>
/// Builds test entities from a definition on Bogus, in the style of Laravel's factories and factory_bot:
/// <c>var users = Factory.Define((f, n) =&gt; new User { … })</c> (see <see cref="Factory"/>), then <c>users.Make()</c> (not saved) or <c>await users.CreateAsync(repository, 3)</c> (saved through the repository, so
/// its plugins, timestamps say, apply). A state is a derived factory: <c>var admins = users.With(u =&gt; u.IsAdmin = true);</c>
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

    internal Factory(Func<Faker, int, T> definition, IReadOnlyList<Action<Faker, T>> states, FactorySequence sequence, Faker faker)
    {
        _definition = definition;
        _states = states;
        _sequence = sequence;
        _faker = faker;
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
        return new Factory<T>(_definition, [.. _states, state], _sequence, _faker);
    }

    /// <summary>A factory whose faker starts from <paramref name="seed"/>, so the same calls make the same values.</summary>
    /// <param name="seed">Bogus's random seed.</param>
    public Factory<T> Seed(int seed)
    {
        var faker = new Faker(_faker.Locale) { Random = new Randomizer(seed) };
        return new Factory<T>(_definition, _states, _sequence, faker);
    }

    /// <summary>Makes one entity without saving it.</summary>
    public T Make()
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
    public Task<T> CreateAsync<TKey>(IRepository<T, TKey> repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.CreateAsync(Make(), cancellationToken);
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
        for (var i = 0; i < count; i++) saved.Add(await repository.CreateAsync(Make(), cancellationToken).ConfigureAwait(false));
        return saved;
    }
}
