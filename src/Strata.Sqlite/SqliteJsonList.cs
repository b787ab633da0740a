using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strata.Sqlite;

/// <summary>
/// An IN list as the JSON array SQLite's <c>json_each</c> reads back (see <see cref="SqliteDialect.InListParameterValue"/>): each
/// value written so that the element comes out as the value Microsoft.Data.Sqlite would have bound for it — integers (and
/// booleans as 0/1), reals (decimals too, as single parameters are bound), and text in the driver's formats for dates, times, GUIDs and characters. JSON has no
/// blob, so a byte array is written as a one-element array holding its hex digits, which the SQL turns back with <c>unhex</c>.
/// </summary>
internal static class SqliteJsonList
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <exception cref="ArgumentException">A value SQLite cannot store (NaN) or of a type the driver does not bind.</exception>
    public static string From(IReadOnlyList<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(values.Count * 8 + 16);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartArray();
            foreach (var value in values) Write(json, value);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case short s: json.WriteNumberValue(s); break;
            case byte b: json.WriteNumberValue(b); break;
            case sbyte s: json.WriteNumberValue(s); break;
            case ushort u: json.WriteNumberValue(u); break;
            case uint u: json.WriteNumberValue(u); break;
            // The driver binds a ulong as the long with the same bits.
            case ulong u: json.WriteNumberValue(unchecked((long)u)); break;
            case bool b: json.WriteNumberValue(b ? 1 : 0); break;
            case double d: WriteReal(json, d); break;
            case float f: WriteReal(json, f); break;
            // As a single parameter: a number (SqliteValues), so that it compares with a DECIMAL column as one.
            case decimal m when SqliteValues.FromDecimal(m) is long whole: json.WriteNumberValue(whole); break;
            case decimal m: WriteReal(json, (double)SqliteValues.FromDecimal(m)); break;
            case char c: json.WriteStringValue(c.ToString()); break;
            case Guid g: json.WriteStringValue(g.ToString("D").ToUpperInvariant()); break;
            case DateTime d: json.WriteStringValue(d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", inv)); break;
            // As a single parameter: the UTC instant (SqliteValues), so that it matches what was stored.
            case DateTimeOffset o: json.WriteStringValue(o.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", inv)); break;
            case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", inv)); break;
            case TimeOnly t: json.WriteStringValue(t.ToString("HH:mm:ss.fffffff", inv)); break;
            case TimeSpan t: json.WriteStringValue(t.ToString("c", inv)); break;
            case JsonElement e: json.WriteStringValue(e.GetRawText()); break;
            case JsonDocument d: json.WriteStringValue(d.RootElement.GetRawText()); break;
            case byte[] bytes:
                json.WriteStartArray();
                json.WriteStringValue(Convert.ToHexString(bytes));
                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"A {value.GetType().Name} value cannot travel in an IN list past SQLite's parameter limit, where the list is sent as one JSON " +
                    "parameter: use numbers, text, dates and times, GUIDs or byte arrays, or split the list.");
        }
    }

    private static void WriteReal(Utf8JsonWriter json, double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("An IN list holds NaN, which SQLite cannot store.");
        // SQLite reads a number too large for a double as infinity, and writes infinity so itself.
        if (double.IsInfinity(value)) json.WriteRawValue(value > 0 ? "9e999" : "-9e999", skipInputValidation: true);
        else json.WriteNumberValue(value);
    }
}
