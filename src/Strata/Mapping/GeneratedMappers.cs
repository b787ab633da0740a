using System.ComponentModel;

namespace Strata.Mapping;

/// <summary>
/// Where source-generated mapping code registers itself (Strata's generator does, from a module initializer in your assembly): the
/// row readers and entity accessors of the types it covers, and the getters of anonymous objects of column values. Row mappers and entity maps use a registered one before reflection, and
/// reflection for every type without one. Registration is a fact about a type, the same for every database, so it is process-wide.
/// </summary>
/// <remarks>Thread-safe. A later registration of the same type replaces the earlier one.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedMappers
{
    /// <summary>Registers the generated row reader of <typeparamref name="T"/>.</summary>
    /// <param name="reader">The reader.</param>
    public static void Register<T>(GeneratedRowReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Volatile.Write(ref Slot<T>.Reader, reader);
    }

    /// <summary>Registers the generated entity accessor of <typeparamref name="T"/>.</summary>
    /// <param name="accessor">The accessor.</param>
    public static void Register<T>(GeneratedEntityAccessor<T> accessor)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        Volatile.Write(ref Slot<T>.Accessor, accessor);
    }

    /// <summary>
    /// Registers how a type that wraps one value (<c>record struct UserId(Guid Value)</c>, see <see cref="ValueConverters"/>) is
    /// unwrapped and built: the generated form of the rule that finds such types by reflection, so they convert in native AOT too.
    /// </summary>
    /// <typeparam name="TModel">The wrapper type.</typeparam>
    /// <typeparam name="TProvider">The wrapped type, which the database stores.</typeparam>
    /// <param name="unwrap">Reads the wrapped value (the wrapper's property).</param>
    /// <param name="wrap">Builds a wrapper (its constructor).</param>
    public static void RegisterWrapper<TModel, TProvider>(Func<TModel, TProvider> unwrap, Func<TProvider, TModel> wrap)
        where TModel : notnull
        where TProvider : notnull
    {
        ArgumentNullException.ThrowIfNull(unwrap);
        ArgumentNullException.ThrowIfNull(wrap);
        Wrappers[typeof(TModel)] = new ModelConversion<TModel, TProvider>(unwrap, wrap, $"the constructor {typeof(TModel).Name}({typeof(TProvider).Name})");
    }

    /// <summary>
    /// Registers how an object of column values of type <typeparamref name="T"/> is read: the anonymous objects an application hands to
    /// <c>InsertAsync</c>, <c>UpdateAsync</c>, <c>Where</c> and the like. <paramref name="shape"/> only names the type: generated code
    /// writes an anonymous object with the same property names and types, which the compiler makes the same type.
    /// </summary>
    /// <param name="shape">An object of the type (its values are not read).</param>
    /// <param name="names">The property names, in declaration order.</param>
    /// <param name="getters">A getter per property, in the same order.</param>
    /// <exception cref="ArgumentException">The counts of names and getters differ.</exception>
    public static void RegisterColumnValues<T>(T shape, string[] names, params Func<T, object?>[] getters)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(getters);
        if (names.Length != getters.Length) throw new ArgumentException($"{names.Length} names were given for {getters.Length} getters.", nameof(getters));
        var properties = new (string, Func<object, object?>)[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var get = getters[i] ?? throw new ArgumentException($"The getter of {names[i]} is null.", nameof(getters));
            properties[i] = (names[i], value => get((T)value));
        }
        ColumnValueReaders[shape.GetType()] = properties;
    }

    /// <summary>True when generated getters are registered for objects of column values of type <typeparamref name="T"/>.</summary>
    public static bool HasColumnValues<T>() => ColumnValues(typeof(T)) is not null;

    /// <summary>The generated property names and getters of a type of column-value objects, or null.</summary>
    internal static (string Name, Func<object, object?> Get)[]? ColumnValues(Type type) =>
        ColumnValueReaders.TryGetValue(type, out var properties) ? properties : null;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (string, Func<object, object?>)[]> ColumnValueReaders = new();

    /// <summary>True when a generated row reader is registered for <typeparamref name="T"/> (so its rows are mapped without reflection).</summary>
    public static bool HasRowReader<T>() => RowReader<T>() is not null;

    /// <summary>True when a generated conversion is registered for the wrapper type <typeparamref name="T"/>.</summary>
    public static bool HasWrapper<T>() => Wrapper(typeof(T)) is not null;

    /// <summary>True when a generated entity accessor is registered for <typeparamref name="T"/>.</summary>
    public static bool HasEntityAccessor<T>() => EntityAccessor<T>() is not null;

    /// <summary>The generated conversion of a wrapper type, or null.</summary>
    internal static ModelConversion? Wrapper(Type type) => Wrappers.TryGetValue(type, out var conversion) ? conversion : null;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, ModelConversion> Wrappers = new();

    internal static GeneratedRowReader<T>? RowReader<T>() => Volatile.Read(ref Slot<T>.Reader);

    internal static GeneratedEntityAccessor<T>? EntityAccessor<T>() => Volatile.Read(ref Slot<T>.Accessor);

    private static class Slot<T>
    {
        public static GeneratedRowReader<T>? Reader;
        public static GeneratedEntityAccessor<T>? Accessor;
    }
}
