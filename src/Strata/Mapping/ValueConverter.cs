using System.Globalization;

namespace Strata.Mapping;

/// <summary>
/// Converts a value read from a driver into the target type when the driver's own type differs
/// (SQLite's integers and text, MySQL's CHAR(36) GUIDs, enums stored as text or numbers).
/// </summary>
internal static class ValueConverter
{
    /// <summary>A date and time without an offset, read as UTC (how the drivers write instants to such columns).</summary>
    public static DateTimeOffset AsUtcOffset(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static T Convert<T>(object value) => value is T same ? same : (T)Convert(value, typeof(T));

    public static object Convert(object value, Type target)
    {
        target = Nullable.GetUnderlyingType(target) ?? target;
        if (target.IsInstanceOfType(value)) return value;
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
            case string s when target == typeof(DateTime): return DateTime.Parse(s, inv, DateTimeStyles.RoundtripKind);
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
        var elements = Array.CreateInstance(elementType, array.Length);
        for (var i = 0; i < array.Length; i++)
        {
            var item = array.GetValue(i);
            elements.SetValue(item is null ? null : Convert(item, elementType), i);
        }
        if (target.IsArray || target.IsAssignableFrom(elements.GetType())) return elements;
        return Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType), elements)!;
    }
}
