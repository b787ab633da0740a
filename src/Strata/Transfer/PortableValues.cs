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
                writer.WriteStringValue(row.Get<decimal>(ordinal).ToString(Invariant));
                break;
            case ColumnKind.Float:
                WriteFloating(writer, row.Get<float>(ordinal));
                break;
            case ColumnKind.Double:
                WriteFloating(writer, row.Get<double>(ordinal));
                break;
            case ColumnKind.Uuid:
                writer.WriteStringValue(row.Get<Guid>(ordinal).ToString("D"));
                break;
            case ColumnKind.Date:
                writer.WriteStringValue(row.Get<DateOnly>(ordinal).ToString("yyyy-MM-dd", Invariant));
                break;
            case ColumnKind.Time:
                writer.WriteStringValue(row.Get<TimeOnly>(ordinal).ToString("HH:mm:ss.FFFFFFF", Invariant));
                break;
            case ColumnKind.DateTime:
                writer.WriteStringValue(row.Get<DateTime>(ordinal).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", Invariant));
                break;
            case ColumnKind.Timestamp when type.WithTimeZone:
                writer.WriteStringValue(row.Get<DateTimeOffset>(ordinal).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", Invariant));
                break;
            case ColumnKind.Timestamp:
                writer.WriteStringValue(row.Get<DateTime>(ordinal).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", Invariant));
                break;
            case ColumnKind.Binary:
                writer.WriteBase64StringValue(row.Get<byte[]>(ordinal));
                break;
            default:
                writer.WriteStringValue(row.Get<string>(ordinal));
                break;
        }
    }

    public static object? Read(JsonElement value, ColumnType type, string table, string column)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        try
        {
            return type.Kind switch
            {
                ColumnKind.Increments or ColumnKind.Integer => value.GetInt32(),
                ColumnKind.BigIncrements or ColumnKind.BigInteger => value.GetInt64(),
                ColumnKind.SmallInteger => value.GetInt16(),
                ColumnKind.Boolean => value.GetBoolean(),
                ColumnKind.Decimal => decimal.Parse(value.GetString()!, NumberStyles.Float, Invariant),
                ColumnKind.Float => value.ValueKind == JsonValueKind.String ? float.Parse(value.GetString()!, Invariant) : value.GetSingle(),
                ColumnKind.Double => value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, Invariant) : value.GetDouble(),
                ColumnKind.Uuid => Guid.Parse(value.GetString()!),
                ColumnKind.Date => DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", Invariant),
                ColumnKind.Time => TimeOnly.Parse(value.GetString()!, Invariant),
                ColumnKind.Timestamp when type.WithTimeZone =>
                    new DateTimeOffset(DateTime.Parse(value.GetString()!, Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
                ColumnKind.DateTime or ColumnKind.Timestamp =>
                    DateTime.SpecifyKind(DateTime.Parse(value.GetString()!, Invariant, DateTimeStyles.RoundtripKind), DateTimeKind.Unspecified),
                ColumnKind.Binary => value.GetBytesFromBase64(),
                ColumnKind.Json => JsonDocument(value.GetString()!),
                _ => value.GetString(),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or JsonException)
        {
            throw new ArchiveCorruptedException(
                $"The archive's value for column '{column}' of table '{table}' is not a valid {type}; the archive is corrupted or was edited. Take a new dump.", e);
        }
    }

    /// <summary>A JSON document as an element, which the command pipeline binds as the database's JSON type (jsonb on PostgreSQL).</summary>
    private static JsonElement JsonDocument(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.Clone();
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
