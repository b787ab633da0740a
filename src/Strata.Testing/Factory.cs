using Bogus;

namespace Strata.Testing;

/// <summary>
/// Defines <see cref="Factory{T}"/>s: <c>var users = Factory.Define((f, n) =&gt; new User { Name = f.Name.FullName(), Email = $"user{n}@example.com" });</c>
/// </summary>
public static class Factory
{
    /// <summary>A factory making each entity with <paramref name="definition"/>, given Bogus's faker and the sequence number.</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="definition">Makes one entity; <c>n</c> counts up from 1.</param>
    /// <param name="locale">Bogus's locale for names, addresses and the like (<c>en</c>).</param>
    public static Factory<T> Define<T>(Func<Faker, int, T> definition, string locale = "en")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new Factory<T>(definition, [], new FactorySequence(), new Faker(locale));
    }

    /// <summary>A factory making each entity with <paramref name="definition"/>, given Bogus's faker.</summary>
    /// <typeparam name="T">The entity type.</typeparam>
    /// <param name="definition">Makes one entity.</param>
    /// <param name="locale">Bogus's locale (<c>en</c>).</param>
    public static Factory<T> Define<T>(Func<Faker, T> definition, string locale = "en")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Define<T>((f, _) => definition(f), locale);
    }
}
