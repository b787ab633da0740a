using System.ComponentModel;

namespace Strata.Mapping;

/// <summary>
/// A source-generated accessor of <typeparamref name="T"/>'s members by name: what inserts, updates and repositories read an entity's
/// column values with (and the values its parameters are written from), and how a repository copies what the database stored back
/// into an entity. A member it returns null for is reached through a compiled expression instead.
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedEntityAccessor<T>
{
    /// <summary>The getter of the public property or field <paramref name="member"/>, boxing its value, or null.</summary>
    /// <param name="member">The member's name.</param>
    public abstract Func<T, object?>? Getter(string member);

    /// <summary>The copy of the settable member <paramref name="member"/> from one entity to another (<c>to.X = from.X</c>), or null.</summary>
    /// <param name="member">The member's name.</param>
    public abstract Action<T, T>? Copier(string member);
}
