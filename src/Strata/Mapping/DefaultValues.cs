using System.Collections.Concurrent;
using System.Linq.Expressions;

namespace Strata.Mapping;

/// <summary>
/// The boxed default of a value type (0, <see cref="Guid.Empty"/>, a zeroed struct), which is what an unset key holds. Made by an
/// expression rather than <see cref="Activator.CreateInstance(Type)"/>, so no constructor has to survive trimming (a struct's
/// default is not a constructor call). Cached per type for the life of the process.
/// </summary>
internal static class DefaultValues
{
    private static readonly ConcurrentDictionary<Type, object?> Defaults = new();

    public static object? Of(Type type) => !type.IsValueType ? null
        : Defaults.GetOrAdd(type, static t => Expression.Lambda<Func<object?>>(Expression.Convert(Expression.Default(t), typeof(object))).Compile()());
}
