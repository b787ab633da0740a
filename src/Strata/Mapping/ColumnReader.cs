using System.Data.Common;

namespace Strata.Mapping;

/// <summary>
/// Where one column goes: its ordinal, what the driver says about it and the target member. For a converted type the target
/// type is the type it is stored as, and <paramref name="displayType"/> the member's own type, which errors name. A null
/// <paramref name="column"/> is a single-value result's column: its mapper is shared by every statement whatever the column's
/// name, so errors read the name from the reader at hand.
/// </summary>
internal sealed class ColumnBinding(int ordinal, string? column, Type fieldType, string databaseType, Type targetType, string target, Type? displayType = null)
{
    public int Ordinal { get; } = ordinal;

    /// <summary>
    /// True when the driver returns the target type itself, so its typed getter is used. Not for <see cref="DateTime"/>, which
    /// is read as UTC (drivers give columns without a time zone an unspecified kind).
    /// </summary>
    public bool Direct { get; } = fieldType == (Nullable.GetUnderlyingType(targetType) ?? targetType) && fieldType != typeof(DateTime);

    /// <summary>
    /// A typed read-and-convert for a known pair of driver and target types (a
    /// <c>Func&lt;DbDataReader, int, T&gt;</c>), or null to convert the boxed value.
    /// </summary>
    public Delegate? Converter { get; } = fieldType == (Nullable.GetUnderlyingType(targetType) ?? targetType) && fieldType != typeof(DateTime) ? null
        : FindConverter(Nullable.GetUnderlyingType(targetType) ?? targetType, fieldType);

    /// <summary>The typed read of <paramref name="fieldType"/> into <paramref name="target"/>; without dynamic code none, so values are converted boxed.</summary>
    private static Delegate? FindConverter(Type target, Type fieldType) => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported
        ? (Delegate?)typeof(ColumnConverters).GetMethod(nameof(ColumnConverters.Find))!.MakeGenericMethod(target).Invoke(null, [fieldType])
        : null;

    /// <summary>
    /// True once the column was found to hold a NULL: reads by the typed getter then test for it first. Set without a lock (the
    /// binding is shared by every thread mapping this shape), since a thread that misses the write only pays one more catch.
    /// </summary>
    public bool HoldsNulls { get; set; }

    public Exception NullError(DbDataReader? reader = null) => new MappingException(
        $"{ColumnText.Describe(column, databaseType, reader, Ordinal)} is NULL but {target} is a non-nullable {TypeName(displayType ?? targetType)}. Make the member nullable or filter out the NULL rows.");

    public Exception ConversionError(Exception inner, DbDataReader? reader = null) => new MappingException(
        $"{ColumnText.Describe(column, databaseType, reader, Ordinal, fieldType.Name)} cannot be mapped to {target} ({TypeName(displayType ?? targetType)}): {inner.Message}", inner);

    private static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? inner.Name + "?" : type.Name;
}

/// <summary>Typed column reads called by the compiled row mappers.</summary>
internal static class ColumnReader
{
    public static T Read<T>(DbDataReader reader, ColumnBinding binding)
    {
        var ordinal = binding.Ordinal;
        // A non-nullable value type skips the NULL test: every driver's typed getter refuses a NULL
        // (the integration tests hold each one to that), and the refusal is turned into the NULL error
        // below, so the common case pays for one native call per column instead of two. A reference type
        // read by the typed getter skips it too until the column first holds a NULL (see ReadString).
        var tested = default(T) is null && (binding.HoldsNulls || !binding.Direct || typeof(T) == typeof(object));
        if (tested && reader.IsDBNull(ordinal)) return default!;
        try
        {
            return binding.Direct ? reader.GetFieldValue<T>(ordinal)
                : binding.Converter is Func<DbDataReader, int, T> convert ? convert(reader, ordinal)
                : ValueConverter.Convert<T>(reader.GetValue(ordinal));
        }
        catch (Exception e) when (IsReadError(e))
        {
            FirstNull(reader, binding, tested, e);
            if (default(T) is not null) throw binding.NullError(reader);
            return default!;
        }
    }

    private static bool IsReadError(Exception e) =>
        e is InvalidCastException or FormatException or OverflowException or ArgumentException or NotSupportedException
            or InvalidOperationException or System.Data.SqlTypes.SqlNullValueException;

    /// <summary>
    /// What a typed getter's refusal of a value read without a NULL test means: a NULL, the column's first, marks the column to be
    /// tested before each later read and is the caller's to answer; anything else, or a refusal after the test, is a conversion error.
    /// </summary>
    private static void FirstNull(DbDataReader reader, ColumnBinding binding, bool tested, Exception error)
    {
        if (tested || !reader.IsDBNull(binding.Ordinal)) throw binding.ConversionError(error, reader);
        binding.HoldsNulls = true;
    }

    /// <summary>
    /// Strings read with the typed getter: <see cref="DbDataReader.GetFieldValue{T}"/> over a reference
    /// type runs the shared generic code, which some drivers make a chain of type tests.
    /// </summary>
    /// <remarks>
    /// Until the column has held a NULL, the getter alone reads it: every driver's refuses a NULL (the integration tests hold
    /// each one to that), so a column that never holds one costs one call per value instead of two (on SQLite, two native
    /// calls). The first NULL is caught, and from then on the column is tested before each read.
    /// </remarks>
    public static string? ReadString(DbDataReader reader, ColumnBinding binding)
    {
        var ordinal = binding.Ordinal;
        var tested = binding.HoldsNulls;
        if (tested && reader.IsDBNull(ordinal)) return null;
        try
        {
            return reader.GetString(ordinal);
        }
        catch (Exception e) when (IsReadError(e))
        {
            FirstNull(reader, binding, tested, e);
            return null;
        }
    }

    /// <summary>A JSON column read into <typeparamref name="T"/>: parsed (documents) or deserialized with the database's options.</summary>
    public static T ReadJson<T>(DbDataReader reader, JsonColumnBinding binding)
    {
        if (reader.IsDBNull(binding.Ordinal)) return default(T) is null ? default! : throw binding.NullError(reader);
        try
        {
            return binding.Json.Read<T>(binding.Text(reader));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException || IsReadError(e))
        {
            throw binding.ConversionError(e, reader);
        }
    }

    public static T? ReadNullable<T>(DbDataReader reader, ColumnBinding binding) where T : struct
    {
        var ordinal = binding.Ordinal;
        // The typed getter alone until the column first holds a NULL, as in ReadString.
        var tested = binding.HoldsNulls || !binding.Direct;
        if (tested && reader.IsDBNull(ordinal)) return null;
        try
        {
            return binding.Direct ? reader.GetFieldValue<T>(ordinal)
                : binding.Converter is Func<DbDataReader, int, T> convert ? convert(reader, ordinal)
                : ValueConverter.Convert<T>(reader.GetValue(ordinal));
        }
        catch (Exception e) when (IsReadError(e))
        {
            FirstNull(reader, binding, tested, e);
            return null;
        }
    }
}
