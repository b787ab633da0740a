using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Finds the types that wrap one value, which every database converts without a registered converter
/// (<c>record struct UserId(Guid Value)</c>, <c>record Email(string Value)</c>). A type qualifies when it is a concrete class or
/// struct (a constructed generic one too, such as <c>Id&lt;Order&gt;</c>), not a collection, with exactly one public constructor taking one parameter (a parameterless one aside),
/// exactly one public readable instance property, named as that parameter (ignoring case) and of its type, no public instance
/// fields, and a wrapped type the database stores itself (not nullable, not another wrapper). The value travels as the
/// property's value and is read back through the constructor.
/// </summary>
/// <remarks>The answer per type is cached for the life of the process (it depends on the type's shape only).</remarks>
internal static class ValueWrapper
{
    private static readonly ConcurrentDictionary<Type, ModelConversion?> Conversions = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Properties = new();

    /// <summary>The conversion of <paramref name="type"/> when it wraps one value, else null.</summary>
    public static ModelConversion? Find(Type type) =>
        Conversions.TryGetValue(type, out var conversion) ? conversion : Conversions.GetOrAdd(type, static t => Build(t));

    /// <summary>The wrapped property of <paramref name="type"/> (<c>UserId.Value</c>) when it wraps one value, else null.</summary>
    public static PropertyInfo? Property(Type type) =>
        Properties.TryGetValue(type, out var property) ? property : Properties.GetOrAdd(type, static t => Find(t) is null ? null : Shape(t)?.Property);

    private static ModelConversion? Build(Type type)
    {
        // A conversion the source generator wrote for this type: the same rule, without reflection.
        if (GeneratedMappers.Wrapper(type) is { } generated) return generated;
        if (Shape(type) is not var (constructor, property)) return null;
        if (!RuntimeFeature.IsDynamicCodeSupported) return new ReflectedConversion(type, constructor, property);
        return (ModelConversion)typeof(ValueWrapper).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type, property.PropertyType).Invoke(null, [constructor, property])!;
    }

    // Any type can reach here (a member's type, a parameter value's type), so no annotation can keep its members. When trimming
    // removed a wrapper's constructor or property (code that never calls them), the type is simply not a wrapper: its values then
    // fail with a conversion error naming the type, and a converter registered in DatabaseOptions.Types maps it without reflection.
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A type whose members were trimmed is not taken for a wrapper and fails with a conversion error; registered converters need no reflection.")]
    private static (ConstructorInfo Constructor, PropertyInfo Property)? Shape(Type type)
    {
        if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters || type.IsArray || type.IsPointer || type.IsByRef || type.IsEnum
            || type.IsPrimitive || RowMapperBuilder.IsScalar(type) || typeof(Delegate).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Where(c => c.GetParameters().Length > 0).ToArray();
        if (constructors is not [var constructor] || constructor.GetParameters() is not [var parameter]) return null;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).ToArray();
        if (properties is not [var property] || type.GetFields(BindingFlags.Public | BindingFlags.Instance).Length > 0) return null;
        var wrapped = parameter.ParameterType;
        if (!string.Equals(property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) || property.PropertyType != wrapped) return null;
        if (wrapped == type || Nullable.GetUnderlyingType(wrapped) is not null || !RowMapperBuilder.IsScalar(wrapped)) return null;
        return (constructor, property);
    }

    private static ModelConversion<TModel, TProvider> Create<TModel, TProvider>(ConstructorInfo constructor, PropertyInfo property)
        where TModel : notnull
        where TProvider : notnull
    {
        var stored = Expression.Parameter(typeof(TProvider), "value");
        var construct = Expression.Lambda<Func<TProvider, TModel>>(Expression.New(constructor, stored), stored).Compile();
        var model = Expression.Parameter(typeof(TModel), "model");
        var read = Expression.Lambda<Func<TModel, TProvider>>(Expression.Property(model, property), model).Compile();
        return new ModelConversion<TModel, TProvider>(read, construct, $"the constructor {typeof(TModel).Name}({typeof(TProvider).Name})");
    }
}
