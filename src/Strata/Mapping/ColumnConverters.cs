using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Strata.Mapping;

/// <summary>
/// Typed reads for the common cases where the driver's type differs from the member's (SQLite's
/// 64-bit integers and text dates, MySQL's DATETIME into DateTimeOffset, numbers into enums). They
/// read with the driver's typed getter and convert without boxing; anything not listed here goes
/// through <see cref="ValueConverter"/>. Failures throw the same exception types, so the mapping
/// error that names the column is the same either way.
/// </summary>
internal static class ColumnConverters
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The typed read of a <paramref name="fieldType"/> column into <typeparamref name="T"/>, or null.</summary>
    public static Func<DbDataReader, int, T>? Find<T>(Type fieldType)
    {
        var target = typeof(T);
        if (target.IsEnum) return FindEnum<T>(fieldType);
        if (IsCollection(target)) return RuntimeFeature.IsDynamicCodeSupported ? (Func<DbDataReader, int, T>)Collection(target, fieldType) : null;
        if (target == typeof(decimal) && fieldType != typeof(decimal)) return FindDecimal(fieldType) as Func<DbDataReader, int, T>;
        object? read = fieldType switch
        {
            _ when fieldType == typeof(long) => FromInt64(target),
            _ when fieldType == typeof(int) => FromInt32(target),
            _ when fieldType == typeof(short) => FromInt16(target),
            _ when fieldType == typeof(sbyte) => target == typeof(byte) ? Reader((r, o) => checked((byte)r.GetFieldValue<sbyte>(o)))
                : target == typeof(int) ? Reader((r, o) => (int)r.GetFieldValue<sbyte>(o)) : null,
            _ when fieldType == typeof(double) => target == typeof(float) ? Reader((r, o) => (float)r.GetDouble(o)) : null,
            _ when fieldType == typeof(string) => FromString(target),
            _ when fieldType == typeof(DateTime) => FromDateTime(target),
            _ when fieldType == typeof(TimeSpan) => target == typeof(TimeOnly) ? Reader((r, o) => TimeOnly.FromTimeSpan(r.GetFieldValue<TimeSpan>(o))) : null,
            // SQLite types each value, not the column: a BLOB column may also hold a GUID written as text.
            _ when fieldType == typeof(byte[]) => target == typeof(Guid) ? Reader((r, o) => r.GetValue(o) is byte[] b ? new Guid(b) : r.GetFieldValue<Guid>(o)) : null,
            _ => null,
        };
        return read as Func<DbDataReader, int, T>;
    }

    private static Func<DbDataReader, int, T> Reader<T>(Func<DbDataReader, int, T> read) => read;

    /// <summary>
    /// True for the collection types an array column is read into: <c>T[]</c> (not <c>byte[]</c>), <see cref="List{T}"/>, and the
    /// list and collection interfaces <c>T[]</c> implements.
    /// </summary>
    public static bool IsCollection(Type type)
    {
        if (type.IsArray) return type != typeof(byte[]) && type.GetArrayRank() == 1;
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>);
    }

    /// <summary>
    /// Reads an array column with the driver's typed getter (Npgsql reads arrays as <c>T[]</c> or <see cref="List{T}"/>, converting
    /// the element type where it can); an interface gets an array. A column that holds no array says how to store a list instead.
    /// </summary>
    [RequiresDynamicCode("Instantiates the typed array read for the collection's element type.")]
    private static Delegate Collection(Type target, Type fieldType)
    {
        var read = target.IsArray || target.GetGenericTypeDefinition() == typeof(List<>) ? target : target.GetGenericArguments()[0].MakeArrayType();
        var method = fieldType == typeof(Array) || fieldType.IsArray
            ? typeof(ColumnConverters).GetMethod(nameof(ReadArray), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(target, read)
            : typeof(ColumnConverters).GetMethod(nameof(RefuseArray), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(target, read);
        return method.CreateDelegate(typeof(Func<,,>).MakeGenericType(typeof(DbDataReader), typeof(int), target));
    }

    private static TTarget ReadArray<TTarget, TRead>(DbDataReader reader, int ordinal) where TRead : TTarget => reader.GetFieldValue<TRead>(ordinal);

    private static TTarget RefuseArray<TTarget, TRead>(DbDataReader reader, int ordinal) => throw new InvalidCastException(
        $"the column holds a {reader.GetFieldType(ordinal).Name}, not an array. Databases without arrays store a list as JSON: mark the member [JsonColumn].");

    private static object? FromInt64(Type target) => target switch
    {
        _ when target == typeof(int) => Reader((r, o) => checked((int)r.GetInt64(o))),
        _ when target == typeof(short) => Reader((r, o) => checked((short)r.GetInt64(o))),
        _ when target == typeof(byte) => Reader((r, o) => checked((byte)r.GetInt64(o))),
        _ when target == typeof(bool) => Reader((r, o) => r.GetInt64(o) != 0),
        // SQLite types each value: a NUMERIC column holds 1 as INTEGER and 1.5 as REAL, so a later row may be a REAL.
        _ when target == typeof(double) => Reader((r, o) => r.GetFieldType(o) == typeof(double) ? r.GetDouble(o) : r.GetInt64(o)),
        _ => null,
    };

    private static object? FromInt32(Type target) => target switch
    {
        _ when target == typeof(long) => Reader((r, o) => (long)r.GetInt32(o)),
        _ when target == typeof(short) => Reader((r, o) => checked((short)r.GetInt32(o))),
        _ when target == typeof(byte) => Reader((r, o) => checked((byte)r.GetInt32(o))),
        _ when target == typeof(bool) => Reader((r, o) => r.GetInt32(o) != 0),
        _ => null,
    };

    private static object? FromInt16(Type target) => target switch
    {
        _ when target == typeof(int) => Reader((r, o) => (int)r.GetInt16(o)),
        _ when target == typeof(long) => Reader((r, o) => (long)r.GetInt16(o)),
        _ when target == typeof(byte) => Reader((r, o) => checked((byte)r.GetInt16(o))),
        _ => null,
    };

    private static object? FromString(Type target) => target switch
    {
        _ when target == typeof(DateTime) => Reader((r, o) => ValueConverter.ParseUtc(r.GetString(o))),
        _ when target == typeof(DateTimeOffset) => Reader((r, o) => DateTimeOffset.Parse(r.GetString(o), Invariant, DateTimeStyles.AssumeUniversal)),
        _ when target == typeof(DateOnly) => Reader((r, o) => DateOnly.Parse(r.GetString(o), Invariant)),
        _ when target == typeof(TimeOnly) => Reader((r, o) => TimeOnly.Parse(r.GetString(o), Invariant)),
        _ when target == typeof(TimeSpan) => Reader((r, o) => TimeSpan.Parse(r.GetString(o), Invariant)),
        _ when target == typeof(Guid) => Reader((r, o) => Guid.Parse(r.GetString(o))),
        _ => null,
    };

    private static object? FromDateTime(Type target) => target switch
    {
        _ when target == typeof(DateTime) => Reader((r, o) => ValueConverter.AsUtc(r.GetDateTime(o))),
        _ when target == typeof(DateTimeOffset) => Reader((r, o) => ValueConverter.AsUtcOffset(r.GetDateTime(o))),
        _ when target == typeof(DateOnly) => Reader((r, o) => DateOnly.FromDateTime(r.GetDateTime(o))),
        _ when target == typeof(TimeOnly) => Reader((r, o) => TimeOnly.FromDateTime(r.GetDateTime(o))),
        _ => null,
    };

    /// <summary>
    /// A decimal from a column the driver does not read as decimal (SQLite's INTEGER, REAL and TEXT, an integer column): exact for
    /// integers and text, and a REAL through its shortest round-trip text. SQLite types each value, not the column (NUMERIC affinity
    /// keeps 15 as INTEGER and 9.5 as REAL), so the type is asked per value.
    /// </summary>
    private static Func<DbDataReader, int, decimal>? FindDecimal(Type fieldType) =>
        fieldType == typeof(long) || fieldType == typeof(int) || fieldType == typeof(short) || fieldType == typeof(double)
            || fieldType == typeof(float) || fieldType == typeof(string)
            ? ReadDecimal
            : null;

    private static decimal ReadDecimal(DbDataReader reader, int ordinal)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long)) return reader.GetInt64(ordinal);
        if (type == typeof(double)) return DecimalValues.FromDouble(reader.GetDouble(ordinal));
        if (type == typeof(string)) return decimal.Parse(reader.GetString(ordinal), NumberStyles.Float, Invariant);
        if (type == typeof(int)) return reader.GetInt32(ordinal);
        return System.Convert.ToDecimal(reader.GetValue(ordinal), Invariant);
    }

    private static Func<DbDataReader, int, T>? FindEnum<T>(Type fieldType) => fieldType switch
    {
        _ when fieldType == typeof(string) => (r, o) => (T)Enum.Parse(typeof(T), r.GetString(o), ignoreCase: true),
        _ when fieldType == typeof(long) => (r, o) => EnumFromNumber<T>(r.GetInt64(o)),
        _ when fieldType == typeof(int) => (r, o) => EnumFromNumber<T>(r.GetInt32(o)),
        _ when fieldType == typeof(short) => (r, o) => EnumFromNumber<T>(r.GetInt16(o)),
        _ => null,
    };

    /// <summary>Reinterprets a number as an enum of any underlying size, without boxing.</summary>
    private static T EnumFromNumber<T>(long value)
    {
        switch (Unsafe.SizeOf<T>())
        {
            case 1: { var b = (byte)value; return Unsafe.As<byte, T>(ref b); }
            case 2: { var s = (short)value; return Unsafe.As<short, T>(ref s); }
            case 4: { var i = (int)value; return Unsafe.As<int, T>(ref i); }
            default: return Unsafe.As<long, T>(ref value);
        }
    }
}
