using System.Globalization;
using System.Text.Json;
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
    /// Writes a value of the .NET type <see cref="Read"/> returns for <paramref name="type"/> (any integer type for the integer kinds),
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
    /// The value at the reader's current token (already read) as the .NET value bulk insert binds for <paramref name="type"/>.
    /// The common forms are parsed from the UTF-8 bytes; anything else the writer never wrote but an edited archive may hold goes
    /// through the lenient parsers of earlier versions.
    /// </summary>
    /// <exception cref="ArchiveCorruptedException">The token is not a value of that type.</exception>
    public static object? Read(ref Utf8JsonReader value, ColumnType type, string table, string column)
    {
        if (value.TokenType == JsonTokenType.Null) return null;
        try
        {
            return type.Kind switch
            {
                ColumnKind.Increments or ColumnKind.Integer => value.GetInt32(),
                ColumnKind.BigIncrements or ColumnKind.BigInteger => value.GetInt64(),
                ColumnKind.SmallInteger => value.GetInt16(),
                ColumnKind.Boolean => value.GetBoolean(),
                ColumnKind.Decimal => Plain(ref value, out var utf8)
                    ? decimal.Parse(utf8, NumberStyles.Float, Invariant)
                    : decimal.Parse(Text(ref value), NumberStyles.Float, Invariant),
                ColumnKind.Float => value.TokenType == JsonTokenType.String ? float.Parse(Text(ref value), Invariant) : value.GetSingle(),
                ColumnKind.Double => value.TokenType == JsonTokenType.String ? double.Parse(Text(ref value), Invariant) : value.GetDouble(),
                ColumnKind.Uuid => value.TokenType == JsonTokenType.String && value.TryGetGuid(out var guid) ? guid : Guid.Parse(Text(ref value)),
                ColumnKind.Date => Plain(ref value, out var utf8) && PortableTimestamps.TryParseDate(utf8, out var date)
                    ? date
                    : DateOnly.ParseExact(Text(ref value), "yyyy-MM-dd", Invariant),
                ColumnKind.Time => TimeOnly.Parse(Text(ref value), Invariant),
                ColumnKind.Timestamp when type.WithTimeZone => Plain(ref value, out var utf8) && PortableTimestamps.TryParse(utf8, out var instant)
                    ? new DateTimeOffset(instant.Ticks, TimeSpan.Zero)
                    : new DateTimeOffset(DateTime.Parse(Text(ref value), Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
                ColumnKind.DateTime or ColumnKind.Timestamp => Plain(ref value, out var utf8) && PortableTimestamps.TryParse(utf8, out var local)
                    ? local
                    : DateTime.SpecifyKind(DateTime.Parse(Text(ref value), Invariant, DateTimeStyles.RoundtripKind), DateTimeKind.Unspecified),
                ColumnKind.Binary => value.GetBytesFromBase64(),
                ColumnKind.Json => JsonDocument(Text(ref value)),
                _ => Text(ref value),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or JsonException or ArgumentException)
        {
            throw new ArchiveCorruptedException(
                $"The archive's value for column '{column}' of table '{table}' is not a valid {type}; the archive is corrupted or was edited. Take a new dump.", e);
        }
    }

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

    /// <summary>A JSON document as an element, which the command pipeline binds as the database's JSON type (jsonb on PostgreSQL).</summary>
    private static JsonElement JsonDocument(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

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
