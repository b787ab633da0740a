using System.Collections.Frozen;

namespace Strata.Mapping;

/// <summary>
/// The conversions of one open database: its registered converters (<see cref="DatabaseOptions.Types"/>, frozen when it opened)
/// and the types that wrap one value (<see cref="ValueWrapper"/>). Immutable and thread-safe; databases without converters share
/// <see cref="None"/>, so their row mappers are shared too.
/// </summary>
internal sealed class TypeConversions(FrozenDictionary<Type, ModelConversion> registered)
{
    public static TypeConversions None { get; } = new(FrozenDictionary<Type, ModelConversion>.Empty);

    /// <summary>True when converters were registered (one may be for an enum, so every value is looked up).</summary>
    public bool HasRegistrations { get; } = registered.Count > 0;

    /// <summary>The conversion of <paramref name="type"/> (not nullable), or null when the database stores it as it is.</summary>
    public ModelConversion? Find(Type type) =>
        HasRegistrations && registered.TryGetValue(type, out var conversion) ? conversion : ValueWrapper.Find(type);

    /// <summary>True when <paramref name="type"/> has a registered converter (a scalar wherever it is read).</summary>
    public bool IsRegistered(Type type) => HasRegistrations && registered.ContainsKey(type);

    /// <summary>
    /// A parameter value as the database stores it: converted when its type has a conversion, else unchanged (the same
    /// reference, so callers can tell). Strata's own scalar types are never looked up unless converters were registered.
    /// </summary>
    public object? ToProvider(object value)
    {
        var type = value.GetType();
        if (!HasRegistrations && Type.GetTypeCode(type) != TypeCode.Object) return value;
        return Find(type) is { } conversion ? conversion.ToProvider(value) : value;
    }

    /// <summary>
    /// A value read from the driver (not null) as <typeparamref name="T"/>: through its conversion when it has one (a collection
    /// through its elements'), else as <see cref="ValueConverter"/> converts (dates and times as UTC).
    /// </summary>
    public T FromDriver<T>(object value) => TryFromDriver(value, typeof(T), out var converted) ? (T)converted! : ValueConverter.Convert<T>(value);

    /// <summary><see cref="FromDriver{T}"/> for a type known only at run time: what the row mappers read with when code cannot be generated.</summary>
    public object FromDriver(object value, Type target) =>
        TryFromDriver(value, target, out var converted) ? converted! : ValueConverter.Convert(value, target);

    private bool TryFromDriver(object value, Type target, out object? converted)
    {
        var type = Nullable.GetUnderlyingType(target) ?? target;
        if ((HasRegistrations || Type.GetTypeCode(type) == TypeCode.Object) && Find(type) is { } conversion)
        {
            converted = value.GetType() == type ? value : conversion.FromProvider(ValueConverter.Convert(value, conversion.ProviderType));
            return true;
        }
        // A collection of converted elements (UserId[]) or of DateTimes, from the driver's array.
        converted = null;
        return (type.IsArray || type.IsGenericType) && ConvertedCollection.TryConvert(value, type, this, out converted);
    }
}
