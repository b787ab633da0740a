using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Array columns read into collections whose elements need converting: a converted type (<c>UserId[]</c>,
/// <c>List&lt;CustomerId&gt;</c>, <c>IReadOnlyList&lt;UserId?&gt;</c> from a <c>uuid[]</c>) through its conversion, and
/// <see cref="DateTime"/>s made UTC as single values are. The column is read as the driver's array of the stored type, then each
/// element is converted; an array is returned for the list interfaces, as for arrays of stored types.
/// </summary>
internal static class ConvertedCollection
{
    private static readonly MethodInfo AsUtcMethod = typeof(ValueConverter).GetMethod(nameof(ValueConverter.AsUtc))!;

    /// <summary>
    /// The row mapper's read of a collection column into <paramref name="targetType"/> when its elements need converting, else null.
    /// </summary>
    [RequiresDynamicCode("Compiles a typed reader for the collection's element type.")]
    public static Expression? Read(Expression reader, DbDataReader shape, int ordinal, string? column, string databaseType, Type targetType, string target, TypeConversions conversions)
    {
        if (Shape(targetType, conversions) is not var (element, conversion)) return null;
        var stored = conversion is null ? element
            : conversion.ProviderType.IsValueType && Nullable.GetUnderlyingType(element) is not null ? typeof(Nullable<>).MakeGenericType(conversion.ProviderType)
            : conversion.ProviderType;
        var binding = new ColumnBinding(ordinal, column, shape.GetFieldType(ordinal), databaseType, stored.MakeArrayType(), target, targetType);
        var item = Expression.Parameter(stored, "item");
        var convert = Expression.Lambda(typeof(Func<,>).MakeGenericType(stored, element), Element(item, element, conversion, binding), item).Compile();
        var list = !targetType.IsArray && targetType.GetGenericTypeDefinition() == typeof(List<>);
        return Expression.Call(typeof(ConvertedCollection).GetMethod(nameof(ReadColumn), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(targetType, stored, element), reader, Expression.Constant(binding), Expression.Constant(convert), Expression.Constant(list));
    }

    /// <summary>True when a column read into <paramref name="targetType"/> is a collection whose elements need converting.</summary>
    public static bool Converts(Type targetType, TypeConversions conversions) => Shape(targetType, conversions) is not null;

    /// <summary>
    /// A value the driver returned (an array, for <see cref="RowReader"/> and scalars) as <paramref name="targetType"/> when it is a
    /// collection whose elements need converting; false when it is not such a collection.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not an array.</exception>
    public static bool TryConvert(object value, Type targetType, TypeConversions conversions, out object? result)
    {
        result = null;
        if (Shape(targetType, conversions) is not var (element, conversion)) return false;
        if (value is not Array items)
            throw new InvalidCastException($"The value is a {value.GetType().Name}, not an array. Databases without arrays store a list as JSON: mark the member [JsonColumn].");
        var converted = NewArray(targetType, element, items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items.GetValue(i);
            converted.SetValue(item is null ? null
                : conversion is null ? ValueConverter.AsUtc((DateTime)item)
                : conversion.FromProvider(ValueConverter.Convert(item, conversion.ProviderType)), i);
        }
        result = targetType.IsArray || targetType.GetGenericTypeDefinition() != typeof(List<>) ? converted
            : RuntimeFeature.IsDynamicCodeSupported ? NewList(element, converted)
            : throw new NotSupportedException($"A List of {element.Name} cannot be built without dynamic code (native AOT): declare the member as {element.Name}[].");
        return true;
    }

    /// <summary>
    /// The array the elements are converted into. An array member's own type is always there; any other collection needs the
    /// element's array type made at run time, which native AOT cannot promise.
    /// </summary>
    private static Array NewArray(Type targetType, Type element, int length)
    {
        if (targetType.IsArray) return Array.CreateInstanceFromArrayType(targetType, length);
        if (!RuntimeFeature.IsDynamicCodeSupported)
            throw new NotSupportedException($"A {targetType.Name} of {element.Name} cannot be built without dynamic code (native AOT): declare the member as {element.Name}[].");
        return Array.CreateInstance(element, length);
    }

    [RequiresDynamicCode("Makes List<T> of the element type.")]
    private static object NewList(Type element, Array items) => Activator.CreateInstance(typeof(List<>).MakeGenericType(element), [items])!;

    /// <summary>The element type and the element's conversion (null for DateTime), or null.</summary>
    private static (Type Element, ModelConversion? Conversion)? Shape(Type targetType, TypeConversions conversions)
    {
        if (!ColumnConverters.IsCollection(targetType)) return null;
        var element = targetType.IsArray ? targetType.GetElementType()! : targetType.GetGenericArguments()[0];
        var underlying = Nullable.GetUnderlyingType(element) ?? element;
        if (underlying == typeof(DateTime)) return (element, null);
        return conversions.Find(underlying) is { } conversion ? (element, conversion) : null;
    }

    /// <summary>The conversion of one stored element (<paramref name="item"/>) to <paramref name="element"/>; NULL elements stay null.</summary>
    private static Expression Element(ParameterExpression item, Type element, ModelConversion? conversion, ColumnBinding binding)
    {
        var underlying = Nullable.GetUnderlyingType(item.Type);
        Expression value = underlying is not null ? Expression.Convert(item, underlying) : item;
        Expression converted = conversion is null
            ? Expression.Call(AsUtcMethod, value)
            : Expression.Call(Expression.Constant(conversion), conversion.FromColumnMethod, value, Expression.Constant(binding));
        converted = Expression.Convert(converted, element);
        if (underlying is not null) return Expression.Condition(Expression.NotEqual(item, Expression.Constant(null, item.Type)), converted, Expression.Default(element));
        if (!item.Type.IsValueType && (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null))
            return Expression.Condition(Expression.Equal(item, Expression.Constant(null, item.Type)), Expression.Default(element), converted);
        return converted;
    }

    private static TTarget ReadColumn<TTarget, TStored, TElement>(DbDataReader reader, ColumnBinding binding, Func<TStored, TElement> convert, bool list)
    {
        var stored = ColumnReader.Read<TStored[]?>(reader, binding);
        if (stored is null) return default!;
        var items = new TElement[stored.Length];
        for (var i = 0; i < items.Length; i++) items[i] = convert(stored[i]);
        return list ? (TTarget)(object)new List<TElement>(items) : (TTarget)(object)items;
    }
}
