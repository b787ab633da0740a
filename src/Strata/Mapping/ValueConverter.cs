using System.Globalization;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Converts a value read from a driver into the target type when the driver's own type differs
/// (SQLite's integers and text, MySQL's CHAR(36) GUIDs, enums stored as text or numbers).
/// </summary>
internal static class ValueConverter
{
    /// <summary>A date and time without an offset, read as UTC (how the drivers write instants to such columns).</summary>
    public static DateTimeOffset AsUtcOffset(DateTime value) => new(AsUtc(value));

    /// <summary>
    /// A date and time as Strata returns every one: with <see cref="DateTimeKind.Utc"/>. Values of columns without a time zone
    /// (which drivers read as unspecified) are taken to be UTC, as Strata writes them (a local time is converted on the way in).
    /// </summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>A date and time written as text (SQLite), as UTC: text without an offset is UTC, text with one is converted.</summary>
    public static DateTime ParseUtc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static T Convert<T>(object value) => value is T same && same is not DateTime ? same : (T)Convert(value, typeof(T));

    public static object Convert(object value, Type target)
    {
        target = Nullable.GetUnderlyingType(target) ?? target;
        if (target.IsInstanceOfType(value)) return value is DateTime d ? AsUtc(d) : value;
        var inv = CultureInfo.InvariantCulture;
        if (target.IsEnum)
        {
            return value is string name
                ? Enum.Parse(target, name, ignoreCase: true)
                : Enum.ToObject(target, System.Convert.ToInt64(value, inv));
        }
        switch (value)
        {
            case string s when target == typeof(Guid): return Guid.Parse(s);
            case byte[] { Length: 16 } b when target == typeof(Guid): return new Guid(b);
            case string s when target == typeof(DateTime): return ParseUtc(s);
            case string s when target == typeof(DateTimeOffset): return DateTimeOffset.Parse(s, inv, DateTimeStyles.AssumeUniversal);
            case DateTime d when target == typeof(DateTimeOffset): return AsUtcOffset(d);
            case DateTimeOffset o when target == typeof(DateTime): return o.UtcDateTime;
            case string s when target == typeof(DateOnly): return DateOnly.Parse(s, inv);
            case DateTime d when target == typeof(DateOnly): return DateOnly.FromDateTime(d);
            case string s when target == typeof(TimeOnly): return TimeOnly.Parse(s, inv);
            case TimeSpan t when target == typeof(TimeOnly): return TimeOnly.FromTimeSpan(t);
            case DateTime d when target == typeof(TimeOnly): return TimeOnly.FromDateTime(d);
            case string s when target == typeof(TimeSpan): return TimeSpan.Parse(s, inv);
            case TimeOnly t when target == typeof(TimeSpan): return t.ToTimeSpan();
            case string s when target == typeof(bool):
                return s switch { "1" or "t" or "T" => true, "0" or "f" or "F" => false, _ => bool.Parse(s) };
            case string s when target == typeof(decimal): return decimal.Parse(s, NumberStyles.Float, inv);
            case double d when target == typeof(decimal): return DecimalValues.FromDouble(d);
            case IConvertible when target == typeof(string): return System.Convert.ToString(value, inv)!;
            case Guid g when target == typeof(string): return g.ToString();
            case IConvertible when target.IsPrimitive || target == typeof(decimal):
                return System.Convert.ChangeType(value, target, inv);
            case Array array when ColumnConverters.IsCollection(target):
                return Collection(array, target);
        }
        throw new InvalidCastException($"no conversion from {value.GetType().Name} to {target.Name}");
    }

    /// <summary>An array from the driver as <paramref name="target"/> (an array, <see cref="List{T}"/> or a list interface), each element converted.</summary>
    private static object Collection(Array array, Type target)
    {
        var elementType = target.IsArray ? target.GetElementType()! : target.GetGenericArguments()[0];
        var elements = TypedArrays.Create(elementType, array.Length);
        for (var i = 0; i < array.Length; i++)
        {
            var item = array.GetValue(i);
            elements.SetValue(item is null ? null : Convert(item, elementType), i);
        }
        if (target.IsArray || target.IsAssignableFrom(elements.GetType())) return elements;
        return RuntimeFeature.IsDynamicCodeSupported ? Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType), elements)!
            : throw new InvalidCastException($"a {target.Name} of {elementType.Name} cannot be built without dynamic code (native AOT); declare the member as {elementType.Name}[]");
    }
}
