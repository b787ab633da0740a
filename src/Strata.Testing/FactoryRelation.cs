namespace Strata.Testing;

/// <summary>Children a factory makes for each entity (<see cref="Factory{T}.Has{TChild}"/>): how many, from which factory, linked how.</summary>
/// <typeparam name="T">The parent type.</typeparam>
internal interface IFactoryRelation<in T>
{
    /// <summary>Makes the children of <paramref name="parent"/> without saving them.</summary>
    void Make(T parent);

    /// <summary>Makes the children of the saved <paramref name="parent"/> (its key filled in) and saves them.</summary>
    Task CreateAsync(T parent, IDbSession session, CancellationToken cancellationToken);
}

/// <summary>One <see cref="Factory{T}.Has{TChild}"/> relation.</summary>
internal sealed class FactoryRelation<T, TChild>(Factory<TChild> children, int count, Action<T, TChild> link) : IFactoryRelation<T>
    where TChild : class
{
    public void Make(T parent)
    {
        for (var i = 0; i < count; i++) link(parent, children.Make());
    }

    public async Task CreateAsync(T parent, IDbSession session, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
            await children.CreateAsync(session, child => link(parent, child), cancellationToken).ConfigureAwait(false);
    }
}
