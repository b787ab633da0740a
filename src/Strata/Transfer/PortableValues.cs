using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Globalization;
using System.Text.Json;
using Strata.Bulk;
using Strata.Schema;

namespace Strata.Transfer;

/// <summary>The kinds of JSON token a value of an archive row can be.</summary>
internal enum ValueToken : byte
{
    Null,
    True,
    False,
    Number,
    String,
}

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
    /// Writes a value of the .NET type <see cref="Load(ValueToken, ReadOnlySpan{byte}, ColumnType, IBulkValueWriter, string, string)"/> writes for <paramref name="type"/> (any integer type for the integer kinds),
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
    /// binds for <paramref name="type"/>; see <see cref="Load(ValueToken, ReadOnlySpan{byte}, ColumnType, IBulkValueWriter, string, string)"/>.
    /// </summary>
    /// <exception cref="ArchiveCorruptedException">The token is not a value of that type.</exception>
    public static void Load(ref Utf8JsonReader value, ColumnType type, IBulkValueWriter writer, string table, string column)
    {
        switch (value.TokenType)
        {
            case JsonTokenType.Null: writer.WriteNull(); return;
            case JsonTokenType.True: Load(ValueToken.True, default, type, writer, table, column); return;
            case JsonTokenType.False: Load(ValueToken.False, default, type, writer, table, column); return;
            case JsonTokenType.Number: Load(ValueToken.Number, value.ValueSpan, type, writer, table, column); return;
            case JsonTokenType.String when !value.ValueIsEscaped && !value.HasValueSequence: Load(ValueToken.String, value.ValueSpan, type, writer, table, column); return;
            case JsonTokenType.String:
                var rented = ArrayPool<byte>.Shared.Rent(value.HasValueSequence ? checked((int)value.ValueSequence.Length) : value.ValueSpan.Length);
                try
                {
                    Load(ValueToken.String, rented.AsSpan(0, value.CopyString(rented)), type, writer, table, column);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
                return;
            default:
                throw Corrupted(type, table, column);
        }
    }

    /// <summary>
    /// Writes one value, given as its JSON token and that token's text (a string's unescaped UTF-8 content, a number's digits),
    /// into <paramref name="writer"/> as the .NET type bulk insert binds for <paramref name="type"/>. The forms the dump writes are
    /// parsed from the bytes; other forms an edited archive may hold go through the lenient parsers of earlier versions.
    /// </summary>
    /// <exception cref="ArchiveCorruptedException">The token is not a value of that type.</exception>
    /// <remarks>What the writer throws (a value its column cannot take) surfaces as itself, not as a corrupted archive.</remarks>
    public static void Load(ValueToken token, ReadOnlySpan<byte> utf8, ColumnType type, IBulkValueWriter writer, string table, string column)
    {
        if (token == ValueToken.Null)
        {
            writer.WriteNull();
            return;
        }
        var isString = token == ValueToken.String;
        switch (type.Kind)
        {
            case ColumnKind.Increments or ColumnKind.Integer:
                writer.WriteInt32(Integer(token, utf8, out var i32) && i32 is >= int.MinValue and <= int.MaxValue ? (int)i32 : throw Corrupted(type, table, column));
                break;
            case ColumnKind.BigIncrements or ColumnKind.BigInteger:
                writer.WriteInt64(Integer(token, utf8, out var i64) ? i64 : throw Corrupted(type, table, column));
                break;
            case ColumnKind.SmallInteger:
                writer.WriteInt16(Integer(token, utf8, out var i16) && i16 is >= short.MinValue and <= short.MaxValue ? (short)i16 : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Boolean:
                writer.WriteBoolean(token switch { ValueToken.True => true, ValueToken.False => false, _ => throw Corrupted(type, table, column) });
                break;
            case ColumnKind.Decimal:
                writer.WriteDecimal(isString && decimal.TryParse(utf8, NumberStyles.Float, Invariant, out var number) ? number : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Float:
                writer.WriteSingle(token is ValueToken.String or ValueToken.Number && float.TryParse(utf8, NumberStyles.Float, Invariant, out var single) ? single : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Double:
                writer.WriteDouble(token is ValueToken.String or ValueToken.Number && double.TryParse(utf8, NumberStyles.Float, Invariant, out var real) ? real : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Uuid:
                writer.WriteGuid(isString && (Utf8Parser.TryParse(utf8, out Guid guid, out var used) && used == utf8.Length || Guid.TryParse(Text(utf8), out guid))
                    ? guid
                    : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Date:
                writer.WriteDate(isString && (PortableTimestamps.TryParseDate(utf8, out var date) || DateOnly.TryParseExact(Text(utf8), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out date))
                    ? date
                    : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Time:
                writer.WriteTime(isString && TimeOnly.TryParse(Text(utf8), Invariant, out var time) ? time : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Timestamp when type.WithTimeZone:
                writer.WriteDateTimeOffset(isString && (PortableTimestamps.TryParse(utf8, out var instant)
                    || DateTime.TryParse(Text(utf8), Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out instant))
                    ? new DateTimeOffset(instant.Ticks, TimeSpan.Zero)
                    : throw Corrupted(type, table, column));
                break;
            case ColumnKind.DateTime or ColumnKind.Timestamp:
                writer.WriteDateTime(isString && (PortableTimestamps.TryParse(utf8, out var local) || DateTime.TryParse(Text(utf8), Invariant, DateTimeStyles.RoundtripKind, out local))
                    ? DateTime.SpecifyKind(local, DateTimeKind.Unspecified)
                    : throw Corrupted(type, table, column));
                break;
            case ColumnKind.Binary:
                WriteBase64(isString ? utf8 : throw Corrupted(type, table, column), type, writer, table, column);
                break;
            case ColumnKind.Json:
                writer.WriteJson(isString ? utf8 : throw Corrupted(type, table, column));
                break;
            default:
                writer.WriteString(isString ? utf8 : throw Corrupted(type, table, column));
                break;
        }
    }

    /// <summary>A JSON integer that fits 64 bits: digits with an optional minus sign, nothing else.</summary>
    private static bool Integer(ValueToken token, ReadOnlySpan<byte> utf8, out long value)
    {
        value = 0;
        return token == ValueToken.Number && Utf8Parser.TryParse(utf8, out value, out var used) && used == utf8.Length;
    }

    private static void WriteBase64(ReadOnlySpan<byte> utf8, ColumnType type, IBulkValueWriter writer, string table, string column)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(utf8.Length));
        try
        {
            if (Base64.DecodeFromUtf8(utf8, rented, out _, out var written) != OperationStatus.Done) throw Corrupted(type, table, column);
            writer.WriteBytes(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The text of a value for the lenient parsers, which take strings.</summary>
    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static ArchiveCorruptedException Corrupted(ColumnType type, string table, string column) =>
        new($"The archive's value for column '{column}' of table '{table}' is not a valid {type}; the archive is corrupted or was edited. Take a new dump.");

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
