using System.Collections.Frozen;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// The converters of one database (<see cref="DatabaseOptions.Types"/>): each teaches it a type of your own by converting it to a
/// type the database stores. Nothing here is global: two databases in one process may convert the same type differently.
/// </summary>
/// <remarks>
/// <para>
/// Types that wrap one value need no converter: a class, record, struct or record struct with exactly one public constructor that
/// takes one parameter (a parameterless one aside), exactly one public readable instance property of that parameter's name (ignoring
/// case) and type, no public fields, and a wrapped type the database stores itself (not nullable, not another wrapper) is converted
/// through that property and constructor: <c>record struct UserId(Guid Value)</c>, <c>record Email(string Value)</c>. A converter
/// registered here wins over that rule.
/// </para>
/// <para>Read once when the database opens; registering afterwards has no effect on it. Not thread-safe while being filled.</para>
/// </remarks>
public sealed class ValueConverters
{
    private readonly Dictionary<Type, ModelConversion> _converters = [];

    /// <summary>How many converters are registered.</summary>
    public int Count => _converters.Count;

    /// <summary>Registers a converter made of two functions: <c>options.Types.Add&lt;UserId, Guid&gt;(id =&gt; id.Value, g =&gt; new UserId(g))</c>.</summary>
    /// <typeparam name="TModel">Your type (its nullable form is converted with it).</typeparam>
    /// <typeparam name="TProvider">The type the column holds.</typeparam>
    /// <param name="toProvider">The stored value for a model value (never called with null).</param>
    /// <param name="fromProvider">The model value for a stored value (never called with null).</param>
    /// <returns>These converters, to chain registrations.</returns>
    /// <exception cref="ArgumentException">The types cannot be converted (see <see cref="Add{TModel, TProvider}(ValueConverter{TModel, TProvider})"/>).</exception>
    public ValueConverters Add<TModel, TProvider>(Func<TModel, TProvider> toProvider, Func<TProvider, TModel> fromProvider)
        where TModel : notnull
        where TProvider : notnull
    {
        ArgumentNullException.ThrowIfNull(toProvider);
        ArgumentNullException.ThrowIfNull(fromProvider);
        return Register(new ModelConversion<TModel, TProvider>(toProvider, fromProvider, $"the converter registered for {typeof(TModel).Name}"));
    }

    /// <summary>Registers <paramref name="converter"/>.</summary>
    /// <typeparam name="TModel">Your type (its nullable form is converted with it).</typeparam>
    /// <typeparam name="TProvider">The type the column holds.</typeparam>
    /// <param name="converter">The converter.</param>
    /// <returns>These converters, to chain registrations.</returns>
    /// <exception cref="ArgumentException">
    /// <typeparamref name="TModel"/> already has a converter; it is nullable (register the underlying type); it is a type Strata stores
    /// itself (its own statements depend on that); it is stored as JSON (a document type, or marked <see cref="JsonColumnAttribute"/>);
    /// <typeparamref name="TProvider"/> is nullable, <see cref="object"/>, the model type, or
    /// itself converted (convert straight to the type the database stores).
    /// </exception>
    public ValueConverters Add<TModel, TProvider>(ValueConverter<TModel, TProvider> converter)
        where TModel : notnull
        where TProvider : notnull
    {
        ArgumentNullException.ThrowIfNull(converter);
        return Register(new ModelConversion<TModel, TProvider>(converter.ToProvider, converter.FromProvider, $"{converter.GetType().Name}"));
    }

    /// <summary>True when <paramref name="modelType"/> has a converter registered here (wrappers converted by the rule above are not listed).</summary>
    /// <param name="modelType">The model type.</param>
    public bool Contains(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return _converters.ContainsKey(modelType);
    }

    /// <summary>What the database keeps when it opens: the converters as they are now.</summary>
    internal TypeConversions Freeze() => _converters.Count == 0 ? TypeConversions.None : new TypeConversions(_converters.ToFrozenDictionary());

    private ValueConverters Register(ModelConversion conversion)
    {
        var model = conversion.ModelType;
        var provider = conversion.ProviderType;
        if (Nullable.GetUnderlyingType(model) is { } inner)
            throw new ArgumentException($"Register the converter for {inner.Name}, not {inner.Name}?: its nullable form is converted with it (null stays NULL).");
        if (Nullable.GetUnderlyingType(provider) is { } innerProvider)
            throw new ArgumentException($"The converter for {model.Name} stores a nullable {innerProvider.Name}?: convert to {innerProvider.Name}, since null values never reach a converter.");
        if (provider == typeof(object) || provider == model)
            throw new ArgumentException($"The converter for {model.Name} must store it as another type the database holds (a Guid, number, string, …), not as {provider.Name}.");
        if (RowMapperBuilder.IsScalar(model) && !model.IsEnum)
            throw new ArgumentException(
                $"Strata stores {model.Name} itself, and its own statements (migrations, plugins, catalog reads) rely on how; a converter cannot replace that. " +
                $"Convert a type of your own instead, such as a record struct wrapping the {model.Name}.");
        if (JsonMapping.IsDocumentType(model) || JsonMapping.IsMarked(model))
            throw new ArgumentException(
                $"{model.Name} is stored as JSON ({(JsonMapping.IsDocumentType(model) ? "a JSON document type" : "it is marked [JsonColumn]")}), which comes before any converter. " +
                "Remove [JsonColumn] to convert it, or keep it JSON without a converter.");
        if (_converters.ContainsKey(model))
            throw new ArgumentException($"{model.Name} already has a converter in these options; register one per type.");
        if (_converters.ContainsKey(provider) || ValueWrapper.Find(provider) is not null)
            throw new ArgumentException($"The converter for {model.Name} stores it as {provider.Name}, which is converted itself: convert straight to the type the database stores.");
        if (_converters.Values.FirstOrDefault(c => c.ProviderType == model) is { } chained)
            throw new ArgumentException($"{chained.ModelType.Name} is already stored as {model.Name}: a converter for {model.Name} would chain them; convert each type straight to the type the database stores.");
        _converters.Add(model, conversion);
        return this;
    }
}
