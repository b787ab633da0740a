namespace Strata.Postgres;

/// <summary>
/// The typed array an IN list travels as on PostgreSQL (<c>= ANY($1)</c>): Npgsql picks the array's PostgreSQL type from its
/// element type, as it does for a single value, so the values must share one. Integers of different widths become
/// <c>long</c>, integers mixed with floating point <c>double</c>, and any number mixed with <c>decimal</c> <c>decimal</c>, which
/// PostgreSQL compares with the column as it would each value.
/// </summary>
internal static class PostgresArrays
{
    /// <summary>The array for <paramref name="values"/>, or <see cref="DBNull"/> when none is known (all NULL), which matches no row as <c>IN (NULL)</c> does.</summary>
    /// <exception cref="ArgumentException">The values have types that do not share one.</exception>
    public static object From(IReadOnlyList<object?> values)
    {
        var items = new object?[values.Count];
        Type? type = null;
        var hasNull = false;
        for (var i = 0; i < items.Length; i++)
        {
            var value = values[i] is char c ? c.ToString() : PostgresDialect.DriverValue(values[i]);
            if (value is DBNull)
            {
                hasNull = true;
                continue;
            }
            items[i] = value;
            type = type is null ? value.GetType() : Common(type, value.GetType());
        }
        if (type is null) return DBNull.Value;
        if (type == typeof(long)) return Of(items, hasNull, static v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
        if (type == typeof(double)) return Of(items, hasNull, static v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture));
        if (type == typeof(decimal)) return Of(items, hasNull, static v => Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture));
        if (type == typeof(int)) return Of(items, hasNull, static v => (int)v);
        if (type == typeof(short)) return Of(items, hasNull, static v => (short)v);
        if (type == typeof(Guid)) return Of(items, hasNull, static v => (Guid)v);
        if (type == typeof(bool)) return Of(items, hasNull, static v => (bool)v);
        if (type == typeof(DateTime)) return Of(items, hasNull, static v => (DateTime)v);
        if (type == typeof(DateTimeOffset)) return Of(items, hasNull, static v => (DateTimeOffset)v);
        var array = Array.CreateInstance(type.IsValueType && hasNull ? typeof(Nullable<>).MakeGenericType(type) : type, items.Length);
        for (var i = 0; i < items.Length; i++) array.SetValue(items[i], i);
        return array;
    }

    private static Array Of<T>(object?[] items, bool hasNull, Func<object, T> convert) where T : struct
    {
        if (!hasNull)
        {
            var array = new T[items.Length];
            for (var i = 0; i < items.Length; i++) array[i] = convert(items[i]!);
            return array;
        }
        var nullable = new T?[items.Length];
        for (var i = 0; i < items.Length; i++) nullable[i] = items[i] is { } value ? convert(value) : null;
        return nullable;
    }

    private static Type Common(Type a, Type b)
    {
        if (a == b) return a;
        if (Rank(a) is > 0 and var ra && Rank(b) is > 0 and var rb)
        {
            return Math.Max(ra, rb) switch
            {
                1 => typeof(long),
                2 => typeof(double),
                _ => typeof(decimal),
            };
        }
        throw new ArgumentException(
            $"An IN list holds values of different types ({a.Name} and {b.Name}). PostgreSQL receives the list as one array, whose " +
            "values must share a type: convert them to one type.");
    }

    /// <summary>1 for integers, 2 for floating point, 3 for decimal, 0 for anything else.</summary>
    private static int Rank(Type type) =>
        type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(ushort) || type == typeof(uint) ? 1
        : type == typeof(float) || type == typeof(double) ? 2
        : type == typeof(decimal) ? 3
        : 0;
}
