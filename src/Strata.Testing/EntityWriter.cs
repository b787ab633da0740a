using System.Collections.Concurrent;
using System.Reflection;
using Strata.Mapping;

namespace Strata.Testing;

/// <summary>Saves an entity of a type known only at run time through a <see cref="Repository{TEntity, TKey}"/> on a session.</summary>
internal static class EntityWriter
{
    private static readonly MethodInfo CreateOfT = typeof(EntityWriter).GetMethod(nameof(CreateTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<Type, Func<IDbSession, object, CancellationToken, Task<object>>> Writers = new();

    /// <summary>Inserts <paramref name="entity"/> with a repository of its type (its key filled in, plugins applied); returns it as saved.</summary>
    /// <exception cref="ArgumentException">The type has no key, so no repository can be made for it.</exception>
    public static Task<object> CreateAsync(IDbSession session, object entity, CancellationToken cancellationToken) =>
        Writers.GetOrAdd(entity.GetType(), Writer)(session, entity, cancellationToken);

    private static Func<IDbSession, object, CancellationToken, Task<object>> Writer(Type type)
    {
        var map = typeof(EntityMap).GetMethod(nameof(EntityMap.For))!.MakeGenericMethod(type).Invoke(null, [null])!;
        var key = (EntityColumn?)map.GetType().GetProperty(nameof(EntityMap<object>.Key))!.GetValue(map)
            ?? throw new ArgumentException($"{type.Name} has no key ([Key] or an Id member), so it cannot be saved through a repository: give it one, or insert it with From(table).InsertAsync.", nameof(type));
        return CreateOfT.MakeGenericMethod(type, key.Type).CreateDelegate<Func<IDbSession, object, CancellationToken, Task<object>>>();
    }

    /// <summary>Saves the entity and copies what the database filled in (the key, timestamps) back onto the object given.</summary>
    private static async Task<object> CreateTypedAsync<T, TKey>(IDbSession session, object entity, CancellationToken cancellationToken)
        where T : class
    {
        var repository = new Repository<T, TKey>(session);
        var saved = await repository.CreateAsync((T)entity, cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(saved, entity)) return entity;
        foreach (var column in repository.Map.Columns)
        {
            switch (column.Member)
            {
                case PropertyInfo { CanRead: true, CanWrite: true } property:
                    property.SetValue(entity, property.GetValue(saved));
                    break;
                case FieldInfo { IsInitOnly: false } field:
                    field.SetValue(entity, field.GetValue(saved));
                    break;
            }
        }
        return entity;
    }
}
