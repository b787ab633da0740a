using System.Collections;
using Strata.Dialects;
using Strata.Mapping;

namespace Strata;

/// <summary>
/// A collection sent as one parameter (an array column's value, <c>= ANY({ids})</c>, <c>tags @&gt; {wanted}</c>): allowed where the
/// dialect has arrays (<see cref="SqlDialect.SupportsArrays"/>), refused elsewhere with what to do instead. <c>byte[]</c> and strings
/// are values, never collections; an <c>IN (…)</c> list is not a parameter of its own (see <see cref="InListRendering"/>).
/// </summary>
internal static class ArrayValues
{
    /// <summary>
    /// The collection as the dialect gets it: as it is when its elements need nothing, else with each element normalised as a single
    /// value is (<paramref name="normalizeItem"/>: converted types as the type they are stored as, enums as numbers or names, local
    /// times as UTC), in a typed array of the stored type when the element type is converted (so that even an empty one keeps its
    /// type) or is <see cref="DateTime"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The dialect has no arrays.</exception>
    public static object Normalize(SqlDialect dialect, IEnumerable items, TypeConversions conversions, Func<object?, object?> normalizeItem)
    {
        if (!dialect.SupportsArrays) throw NoArrays(dialect, items.GetType());
        var elementType = ElementType(items.GetType());
        var underlying = elementType is null ? typeof(object) : Nullable.GetUnderlyingType(elementType) ?? elementType;
        var converted = underlying == typeof(object) ? null : conversions.Find(underlying)?.ProviderType;
        if (converted is null && underlying != typeof(object) && !underlying.IsEnum && underlying != typeof(DateTime)) return items;
        // The element type of the array sent: the stored type of a converted one, DateTime for DateTimes (a local one made UTC).
        var stored = converted ?? (underlying == typeof(DateTime) ? underlying : null);
        var values = new List<object?>();
        var changed = converted is not null;
        foreach (var item in items)
        {
            var value = normalizeItem(item);
            changed |= !ReferenceEquals(value, item);
            values.Add(value);
        }
        if (!changed) return items;
        if (stored is null) return values.ToArray();
        var array = Mapping.TypedArrays.Create(stored, nullable: elementType != underlying, values.Count);
        for (var i = 0; i < values.Count; i++) array.SetValue(values[i], i);
        return array;
    }

    /// <summary>The error for a collection given to a dialect without arrays.</summary>
    public static NotSupportedException NoArrays(SqlDialect dialect, Type collection) => new(
        $"A {TypeName(collection)} cannot be sent as one value to {dialect.Name}, which has no array type (SqlDialect.SupportsArrays is false). " +
        "Store the values as JSON instead (Sql.Json(values) as the parameter, or [JsonColumn] on the member), or write the collection inside " +
        "IN (…), where it is a list of values.");

    /// <summary>The element type of a collection type (<c>T</c> of <c>T[]</c> or an <see cref="IEnumerable{T}"/>), or null.</summary>
    // The type is a live value's (a parameter's): trimming keeps a constructed type's implementations of the interfaces the
    // application uses, and IEnumerable<T> is used wherever the collection was built or is read.
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Called with the type of an existing collection, whose IEnumerable<T> implementation is kept because that interface is in use.")]
    public static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return type.GetGenericArguments()[0];
        foreach (var candidate in type.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return candidate.GetGenericArguments()[0];
        }
        return null;
    }

    /// <summary>True for a collection that travels as an array or list: not a string, a byte array or a JSON value.</summary>
    public static bool IsCollection(object value) =>
        value is IEnumerable and not string and not byte[] and not System.Text.Json.Nodes.JsonNode;

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}
