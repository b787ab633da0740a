using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Strata.Bulk;
using Strata.Schema;

namespace Strata.Transfer;

/// <summary>
/// Writes a column value into an archive row and reads it back, in one form per <see cref="ColumnKind"/> whatever
/// the database: integers and booleans as JSON numbers and literals, decimals as exact strings, floating point as
/// round-trip numbers (non-finite ones as "NaN"/"Infinity"/"-Infinity"), dates and times as ISO 8601 text (instants
/// in UTC with a Z), UUIDs as text, binary as base64, text and JSON documents as strings (a JSON document read back is bound as the database's JSON type).
/// </summary>
internal static class PortableValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes column <paramref name="ordinal"/> of the current row in the form of <paramref name="type"/>.</summary>
    public static void Write(Utf8JsonWriter writer, ColumnType type, RowReader row, int ordinal)
    {
        if (row.IsNull(ordinal))
        {
            writer.WriteNullValue();
            return;
        }
        switch (type.Kind)
        {
            case ColumnKind.Increments or ColumnKind.BigIncrements or ColumnKind.Integer or ColumnKind.BigInteger or ColumnKind.SmallInteger:
                writer.WriteNumberValue(row.Get<long>(ordinal));
                break;
            case ColumnKind.Boolean:
                writer.WriteBooleanValue(row.Get<bool>(ordinal));
                break;
            case ColumnKind.Decimal:
                WriteDecimal(writer, row.Get<decimal>(ordinal));
                break;
            case ColumnKind.Float:
                WriteFloating(writer, row.Get<float>(ordinal));
                break;
            case ColumnKind.Double:
                WriteFloating(writer, row.Get<double>(ordinal));
                break;
            case ColumnKind.Uuid:
                writer.WriteStringValue(row.Get<Guid>(ordinal));
                break;
            case ColumnKind.Date:
                writer.WriteStringValue(row.Get<DateOnly>(ordinal).ToString("yyyy-MM-dd", Invariant));
                break;
            case ColumnKind.Time:
                writer.WriteStringValue(row.Get<TimeOnly>(ordinal).ToString("HH:mm:ss.FFFFFFF", Invariant));
                break;
            case ColumnKind.DateTime:
                WriteTimestamp(writer, row.Get<DateTime>(ordinal), utc: false);
                break;
            case ColumnKind.Timestamp when type.WithTimeZone:
                WriteTimestamp(writer, row.Get<DateTimeOffset>(ordinal).UtcDateTime, utc: true);
                break;
            case ColumnKind.Timestamp:
                WriteTimestamp(writer, row.Get<DateTime>(ordinal), utc: false);
                break;
            case ColumnKind.Binary:
                writer.WriteBase64StringValue(row.Get<byte[]>(ordinal));
                break;
            default:
                writer.WriteStringValue(row.Get<string>(ordinal));
                break;
        }
    }

    /// <summary>
    /// Writes a value of the .NET type <see cref="Load"/> writes for <paramref name="type"/> (any integer type for the integer kinds),
    /// in the same form as the row overload; for values that do not come from a query.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is not of that type.</exception>
    public static void Write(Utf8JsonWriter writer, ColumnType type, object? value)
    {
        switch (type.Kind)
        {
            case var _ when value is null:
                writer.WriteNullValue();
                break;
            case ColumnKind.Increments or ColumnKind.BigIncrements or ColumnKind.Integer or ColumnKind.BigInteger or ColumnKind.SmallInteger:
                writer.WriteNumberValue(Convert.ToInt64(value, Invariant));
                break;
            case ColumnKind.Boolean:
                writer.WriteBooleanValue((bool)value);
                break;
            case ColumnKind.Decimal:
                WriteDecimal(writer, (decimal)value);
                break;
            case ColumnKind.Float:
                WriteFloating(writer, (float)value);
                break;
            case ColumnKind.Double:
                WriteFloating(writer, (double)value);
                break;
            case ColumnKind.Uuid:
                writer.WriteStringValue((Guid)value);
                break;
            case ColumnKind.Date:
                writer.WriteStringValue(((DateOnly)value).ToString("yyyy-MM-dd", Invariant));
                break;
            case ColumnKind.Time:
                writer.WriteStringValue(((TimeOnly)value).ToString("HH:mm:ss.FFFFFFF", Invariant));
                break;
            case ColumnKind.Timestamp when type.WithTimeZone:
                WriteTimestamp(writer, ((DateTimeOffset)value).UtcDateTime, utc: true);
                break;
            case ColumnKind.DateTime or ColumnKind.Timestamp:
                WriteTimestamp(writer, (DateTime)value, utc: false);
                break;
            case ColumnKind.Binary:
                writer.WriteBase64StringValue((byte[])value);
                break;
            case ColumnKind.Json:
                writer.WriteStringValue(value is JsonElement json ? json.GetRawText() : (string)value);
                break;
            default:
                writer.WriteStringValue((string)value);
                break;
        }
    }

    /// <summary>
    /// Writes the value at the reader's current token (already read) into <paramref name="writer"/> as the .NET type bulk insert
    /// binds for <paramref name="type"/>. The common forms are parsed from the UTF-8 bytes, and text passes through as bytes;
    /// anything else the writer never wrote but an edited archive may hold goes through the lenient parsers of earlier versions.
    /// </summary>
    /// <exception cref="ArchiveCorruptedException">The token is not a value of that type.</exception>
    public static void Load(ref Utf8JsonReader value, ColumnType type, IBulkValueWriter writer, string table, string column)
    {
        if (value.TokenType == JsonTokenType.Null)
        {
            writer.WriteNull();
            return;
        }
        switch (type.Kind)
        {
            // Each value is parsed inside Parse, so that what the writer throws (a value its column cannot take) is not taken for a corrupted archive.
            case ColumnKind.Increments or ColumnKind.Integer: writer.WriteInt32(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => v.GetInt32())); break;
            case ColumnKind.BigIncrements or ColumnKind.BigInteger: writer.WriteInt64(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => v.GetInt64())); break;
            case ColumnKind.SmallInteger: writer.WriteInt16(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => v.GetInt16())); break;
            case ColumnKind.Boolean: writer.WriteBoolean(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => v.GetBoolean())); break;
            case ColumnKind.Decimal: writer.WriteDecimal(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => Plain(ref v, out var utf8)
                ? decimal.Parse(utf8, NumberStyles.Float, Invariant)
                : decimal.Parse(Text(ref v), NumberStyles.Float, Invariant))); break;
            case ColumnKind.Float: writer.WriteSingle(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                v.TokenType == JsonTokenType.String ? float.Parse(Text(ref v), Invariant) : v.GetSingle())); break;
            case ColumnKind.Double: writer.WriteDouble(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                v.TokenType == JsonTokenType.String ? double.Parse(Text(ref v), Invariant) : v.GetDouble())); break;
            case ColumnKind.Uuid: writer.WriteGuid(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                v.TokenType == JsonTokenType.String && v.TryGetGuid(out var guid) ? guid : Guid.Parse(Text(ref v)))); break;
            case ColumnKind.Date: writer.WriteDate(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                Plain(ref v, out var utf8) && PortableTimestamps.TryParseDate(utf8, out var date) ? date : DateOnly.ParseExact(Text(ref v), "yyyy-MM-dd", Invariant))); break;
            case ColumnKind.Time: writer.WriteTime(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => TimeOnly.Parse(Text(ref v), Invariant))); break;
            case ColumnKind.Timestamp when type.WithTimeZone: writer.WriteDateTimeOffset(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                Plain(ref v, out var utf8) && PortableTimestamps.TryParse(utf8, out var instant)
                    ? new DateTimeOffset(instant.Ticks, TimeSpan.Zero)
                    : new DateTimeOffset(DateTime.Parse(Text(ref v), Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero))); break;
            case ColumnKind.DateTime or ColumnKind.Timestamp: writer.WriteDateTime(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) =>
                Plain(ref v, out var utf8) && PortableTimestamps.TryParse(utf8, out var local)
                    ? local
                    : DateTime.SpecifyKind(DateTime.Parse(Text(ref v), Invariant, DateTimeStyles.RoundtripKind), DateTimeKind.Unspecified))); break;
            case ColumnKind.Binary: writer.WriteBytes(Parse(ref value, type, table, column, static (ref Utf8JsonReader v) => v.GetBytesFromBase64())); break;
            default: Utf8(ref value, type, writer, table, column); break;
        }
    }

    private delegate T Reading<T>(ref Utf8JsonReader value);

    private static T Parse<T>(ref Utf8JsonReader value, ColumnType type, string table, string column, Reading<T> read)
    {
        try
        {
            return read(ref value);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or JsonException or ArgumentException)
        {
            throw Corrupted(type, table, column, e);
        }
    }

    /// <summary>A text or JSON value, handed over as its unescaped UTF-8 bytes (the token's own bytes when it has no escapes).</summary>
    private static void Utf8(ref Utf8JsonReader value, ColumnType type, IBulkValueWriter writer, string table, string column)
    {
        if (value.TokenType != JsonTokenType.String)
            throw Corrupted(type, table, column, new InvalidOperationException($"Expected a string, found {value.TokenType}."));
        var json = type.Kind == ColumnKind.Json;
        if (Plain(ref value, out var plain))
        {
            if (json) writer.WriteJson(plain);
            else writer.WriteString(plain);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(value.HasValueSequence ? checked((int)value.ValueSequence.Length) : value.ValueSpan.Length);
        try
        {
            var text = rented.AsSpan(0, value.CopyString(rented));
            if (json) writer.WriteJson(text);
            else writer.WriteString(text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ArchiveCorruptedException Corrupted(ColumnType type, string table, string column, Exception inner) =>
        new($"The archive's value for column '{column}' of table '{table}' is not a valid {type}; the archive is corrupted or was edited. Take a new dump.", inner);

    /// <summary>A string token's UTF-8 bytes, when they need no unescaping (always, for the numbers and dates the writer writes).</summary>
    private static bool Plain(ref Utf8JsonReader value, out ReadOnlySpan<byte> utf8)
    {
        var plain = value.TokenType == JsonTokenType.String && !value.ValueIsEscaped && !value.HasValueSequence;
        utf8 = plain ? value.ValueSpan : default;
        return plain;
    }

    /// <summary>A string token's text; any other token is an <see cref="InvalidOperationException"/>, as for a JSON element.</summary>
    private static string Text(ref Utf8JsonReader value) =>
        value.TokenType == JsonTokenType.String ? value.GetString()! : throw new InvalidOperationException($"Expected a string, found {value.TokenType}.");

    private static void WriteDecimal(Utf8JsonWriter writer, decimal value)
    {
        // A decimal's longest text: 29 digits, a sign and a point.
        Span<byte> text = stackalloc byte[32];
        if (value.TryFormat(text, out var length, default, Invariant)) writer.WriteStringValue(text[..length]);
        else writer.WriteStringValue(value.ToString(Invariant));
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, DateTime value, bool utc)
    {
        Span<byte> text = stackalloc byte[PortableTimestamps.MaxLength];
        writer.WriteStringValue(text[..PortableTimestamps.Format(value, utc, text)]);
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteFloating(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
