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
        Type? type = null;
        var hasNull = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null or DBNull)
            {
                hasNull = true;
                continue;
            }
            var elementType = Element(values[i]).GetType();
            type = type is null ? elementType : Common(type, elementType);
        }
        if (type is null) return DBNull.Value;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            var strings = new string?[values.Count];
            for (var i = 0; i < strings.Length; i++) strings[i] = values[i] is null or DBNull ? null : (string)Element(values[i]);
            return strings;
        }
        if (type == typeof(long)) return Of(values, hasNull, v => v is long l ? l : Convert.ToInt64(v, inv));
        if (type == typeof(double)) return Of(values, hasNull, v => Convert.ToDouble(v, inv));
        if (type == typeof(decimal)) return Of(values, hasNull, v => Convert.ToDecimal(v, inv));
        if (type == typeof(int)) return Of(values, hasNull, static v => (int)v);
        if (type == typeof(short)) return Of(values, hasNull, static v => (short)Element(v));
        if (type == typeof(Guid)) return Of(values, hasNull, static v => (Guid)v);
        if (type == typeof(bool)) return Of(values, hasNull, static v => (bool)v);
        if (type == typeof(DateTime)) return OneKind(Of(values, hasNull, static v => (DateTime)v));
        if (type == typeof(DateTimeOffset)) return Of(values, hasNull, static v => (DateTimeOffset)Element(v));
        var array = Strata.Mapping.TypedArrays.Create(type, nullable: hasNull, values.Count);
        for (var i = 0; i < values.Count; i++) array.SetValue(values[i] is null or DBNull ? null : Element(values[i]), i);
        return array;
    }

    /// <summary>
    /// A collection sent as one array parameter (outside <c>IN (…)</c>): an array or <see cref="List{T}"/> Npgsql writes as it is,
    /// anything else (a <see cref="HashSet{T}"/>, a sequence, elements Npgsql does not write such as <see cref="DateTimeOffset"/>s with an
    /// offset, <c>char</c>s or bytes) as a typed array of values Npgsql writes. An empty collection keeps its element type, so
    /// <c>VALUES ({tags})</c> stores an empty array, not NULL.
    /// </summary>
    public static object Parameter(System.Collections.IEnumerable items)
    {
        var type = items.GetType();
        var elementType = ArrayValues.ElementType(type) ?? typeof(object);
        var underlying = Nullable.GetUnderlyingType(elementType) ?? elementType;
        var converted = underlying == typeof(DateTimeOffset) || underlying == typeof(char) || underlying == typeof(byte) || underlying == typeof(sbyte)
            || underlying == typeof(DateTime) && MixesKinds(items);
        if (!converted && underlying != typeof(object) && (type.IsArray || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))) return items;
        var values = new List<object?>();
        foreach (var item in items) values.Add(item);
        if (underlying == typeof(object)) return From(values);
        var target = underlying == typeof(char) ? typeof(string) : underlying == typeof(byte) || underlying == typeof(sbyte) ? typeof(short) : underlying;
        var array = Strata.Mapping.TypedArrays.Create(target, nullable: Nullable.GetUnderlyingType(elementType) is not null, values.Count);
        for (var i = 0; i < values.Count; i++) array.SetValue(values[i] is null ? null : Element(values[i]), i);
        return underlying == typeof(DateTime) ? OneKind(array) : array;
    }

    /// <summary>True when the DateTimes of <paramref name="items"/> have both UTC and unspecified kinds (local ones arrive as UTC).</summary>
    private static bool MixesKinds(System.Collections.IEnumerable items)
    {
        bool utc = false, unspecified = false;
        foreach (var item in items)
        {
            if (item is not DateTime d) continue;
            utc |= d.Kind == DateTimeKind.Utc;
            unspecified |= d.Kind != DateTimeKind.Utc;
        }
        return utc && unspecified;
    }

    /// <summary>
    /// The array with one DateTime kind, as Npgsql requires of an array: when some are UTC, the unspecified ones are taken to be UTC
    /// too, as Strata takes every unspecified DateTime (a timestamptz[] then goes into a timestamp[] column unshifted, the session
    /// being in UTC).
    /// </summary>
    private static Array OneKind(Array array)
    {
        if (!MixesKinds(array)) return array;
        for (var i = 0; i < array.Length; i++)
        {
            if (array.GetValue(i) is DateTime { Kind: not DateTimeKind.Utc } d) array.SetValue(DateTime.SpecifyKind(d, DateTimeKind.Utc), i);
        }
        return array;
    }

    /// <summary>A value as Npgsql gets it (see <see cref="PostgresDialect.DriverValue"/>), a <c>char</c> as a string.</summary>
    private static object Element(object? value) => value is char c ? c.ToString() : PostgresDialect.DriverValue(value);

    private static Array Of<T>(IReadOnlyList<object?> values, bool hasNull, Func<object, T> convert) where T : struct
    {
        if (!hasNull)
        {
            var array = new T[values.Count];
            for (var i = 0; i < array.Length; i++) array[i] = convert(values[i]!);
            return array;
        }
        var nullable = new T?[values.Count];
        for (var i = 0; i < nullable.Length; i++) nullable[i] = values[i] is null or DBNull ? null : convert(values[i]!);
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
