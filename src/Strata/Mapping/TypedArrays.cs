using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Arrays of an element type known only at run time, typed so that drivers send them as arrays of that type. Where code cannot be
/// generated (native AOT) only the element types Strata stores itself, and their nullable forms, are available: an array type
/// made for another element might not exist in the compiled program.
/// </summary>
internal static class TypedArrays
{
    /// <exception cref="NotSupportedException">Without dynamic code, an element type Strata does not store itself.</exception>
    public static Array Create(Type element, int length)
    {
        if (RuntimeFeature.IsDynamicCodeSupported) return Array.CreateInstance(element, length);
        var underlying = Nullable.GetUnderlyingType(element);
        var nullable = underlying is not null;
        var t = underlying ?? element;
        return t switch
        {
            _ when t == typeof(object) => new object?[length],
            _ when t == typeof(string) => new string?[length],
            _ when t == typeof(byte[]) => new byte[]?[length],
            _ when t == typeof(bool) => Of<bool>(length, nullable),
            _ when t == typeof(byte) => Of<byte>(length, nullable),
            _ when t == typeof(short) => Of<short>(length, nullable),
            _ when t == typeof(int) => Of<int>(length, nullable),
            _ when t == typeof(long) => Of<long>(length, nullable),
            _ when t == typeof(float) => Of<float>(length, nullable),
            _ when t == typeof(double) => Of<double>(length, nullable),
            _ when t == typeof(decimal) => Of<decimal>(length, nullable),
            _ when t == typeof(Guid) => Of<Guid>(length, nullable),
            _ when t == typeof(DateTime) => Of<DateTime>(length, nullable),
            _ when t == typeof(DateTimeOffset) => Of<DateTimeOffset>(length, nullable),
            _ when t == typeof(DateOnly) => Of<DateOnly>(length, nullable),
            _ when t == typeof(TimeOnly) => Of<TimeOnly>(length, nullable),
            _ when t == typeof(TimeSpan) => Of<TimeSpan>(length, nullable),
            _ => throw new NotSupportedException(
                $"An array of {element.Name} cannot be made without dynamic code (native AOT). Send an array of a type the database stores ({element.Name}[] built by your code works as it is)."),
        };
    }

    /// <summary>The nullable form of <paramref name="element"/> (a value type) as an array element, or the type itself.</summary>
    public static Array Create(Type element, bool nullable, int length) =>
        nullable && element.IsValueType && Nullable.GetUnderlyingType(element) is null ? CreateNullable(element, length) : Create(element, length);

    private static Array CreateNullable(Type element, int length) => RuntimeFeature.IsDynamicCodeSupported
        ? Array.CreateInstance(typeof(Nullable<>).MakeGenericType(element), length)
        : Create(NullableOf(element), length);

    private static Type NullableOf(Type element) => element switch
    {
        _ when element == typeof(bool) => typeof(bool?),
        _ when element == typeof(byte) => typeof(byte?),
        _ when element == typeof(short) => typeof(short?),
        _ when element == typeof(int) => typeof(int?),
        _ when element == typeof(long) => typeof(long?),
        _ when element == typeof(float) => typeof(float?),
        _ when element == typeof(double) => typeof(double?),
        _ when element == typeof(decimal) => typeof(decimal?),
        _ when element == typeof(Guid) => typeof(Guid?),
        _ when element == typeof(DateTime) => typeof(DateTime?),
        _ when element == typeof(DateTimeOffset) => typeof(DateTimeOffset?),
        _ when element == typeof(DateOnly) => typeof(DateOnly?),
        _ when element == typeof(TimeOnly) => typeof(TimeOnly?),
        _ when element == typeof(TimeSpan) => typeof(TimeSpan?),
        _ => throw new NotSupportedException($"An array of {element.Name}? cannot be made without dynamic code (native AOT)."),
    };

    private static Array Of<T>(int length, bool nullable) where T : struct => nullable ? new T?[length] : new T[length];
}
