using System.Globalization;
using System.Text.Json;

namespace Strata.Studio.Data;

/// <summary>How a value is shown.</summary>
internal enum CellKind
{
    /// <summary>SQL NULL, shown as a marked NULL (never as an empty string).</summary>
    Null,
    /// <summary>Text, numbers, dates.</summary>
    Text,
    /// <summary>JSON, pretty-printed.</summary>
    Json,
    /// <summary>Bytes, shown as hex.</summary>
    Binary,
}

/// <summary>A value ready for a grid: its text (cut short when asked) and whether the whole is longer.</summary>
/// <param name="Kind">How to show it.</param>
/// <param name="Text">The text; empty for NULL.</param>
/// <param name="IsTruncated">The text is cut short; the whole value is one click away.</param>
internal sealed record CellView(CellKind Kind, string Text, bool IsTruncated)
{
    /// <summary>The view of <paramref name="value"/>, cut at <paramref name="limit"/> characters (0 for the whole value).</summary>
    /// <param name="value">The value as the driver returned it.</param>
    /// <param name="databaseType">The column's type, where known: <c>json</c>/<c>jsonb</c> columns are pretty-printed.</param>
    /// <param name="limit">Characters to keep, or 0.</param>
    public static CellView Of(object? value, string? databaseType, int limit)
    {
        switch (value)
        {
            case null or DBNull:
                return new CellView(CellKind.Null, "", false);
            case byte[] bytes:
                var shown = limit > 0 && bytes.Length * 2 > limit ? bytes.AsSpan(0, limit / 2) : bytes;
                return new CellView(CellKind.Binary, "0x" + Convert.ToHexStringLower(shown), shown.Length < bytes.Length);
        }
        var text = Format(value);
        var json = PrettyJson(text, databaseType);
        var kind = json is null ? CellKind.Text : CellKind.Json;
        text = json ?? text;
        return limit > 0 && text.Length > limit ? new CellView(kind, text[..limit], true) : new CellView(kind, text, false);
    }

    /// <summary>The invariant text of a value, as it would be typed back into a form.</summary>
    public static string Format(object value) => value switch
    {
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Pretty JSON when the column is a JSON type, or the text looks like an object or array and parses.</summary>
    private static string? PrettyJson(string text, string? databaseType)
    {
        var declared = databaseType is not null && databaseType.Contains("json", StringComparison.OrdinalIgnoreCase);
        var trimmed = text.AsSpan().TrimStart();
        if (!declared && (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
