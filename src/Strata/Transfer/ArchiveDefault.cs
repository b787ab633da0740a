using System.Globalization;
using System.Text.Json;
using Strata.Dialects;
using Strata.Schema;

namespace Strata.Transfer;

/// <summary>
/// A column default an archive carries because every database can express it: a literal number, string or boolean, or the
/// current timestamp. Other defaults (expressions, functions, dates) are left out rather than guessed at.
/// </summary>
internal sealed record ArchiveDefault(object? Literal, bool CurrentTimestamp)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The portable form of an introspected default (already normalized by the provider's introspector), or null.</summary>
    public static ArchiveDefault? From(string? sql, ColumnType type, SqlDialect dialect)
    {
        if (sql is null || type.IsAutoIncrement) return null;
        var text = sql.Trim();
        while (text.Length > 1 && text[0] == '(' && text[^1] == ')') text = text[1..^1].Trim();
        if (text.Length == 0 || text.Equals("NULL", StringComparison.OrdinalIgnoreCase)) return null;
        if (dialect.IsCurrentTimestampDefault(text))
            return type.Kind is ColumnKind.DateTime or ColumnKind.Timestamp ? new ArchiveDefault(null, true) : null;
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'') return Typed(text[1..^1].Replace("''", "'", StringComparison.Ordinal), quoted: true, type);
        return Typed(text, quoted: false, type);
    }

    /// <summary>The value in the column's type; text only from a quoted literal (an unquoted word is an expression).</summary>
    private static ArchiveDefault? Typed(string text, bool quoted, ColumnType type)
    {
        object? value = type.Kind switch
        {
            ColumnKind.String or ColumnKind.Text or ColumnKind.Enum => quoted ? text : null,
            ColumnKind.Integer or ColumnKind.BigInteger or ColumnKind.SmallInteger =>
                long.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var number) ? number : null,
            ColumnKind.Decimal => decimal.TryParse(text, NumberStyles.Float, Invariant, out var exact) ? exact : null,
            ColumnKind.Float or ColumnKind.Double => double.TryParse(text, NumberStyles.Float, Invariant, out var real) ? real : null,
            ColumnKind.Boolean => text.ToLowerInvariant() switch { "true" or "1" or "t" => true, "false" or "0" or "f" => false, _ => null },
            _ => null,
        };
        return value is null ? null : new ArchiveDefault(value, false);
    }

    /// <summary>Declares the default on the column being created.</summary>
    public void Apply(ColumnBuilder column)
    {
        if (CurrentTimestamp) column.DefaultCurrentTimestamp();
        else column.Default(Literal);
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("default");
        switch (Literal)
        {
            case null: w.WriteBoolean("currentTimestamp", true); break;
            case string s: w.WriteString("value", s); break;
            case bool b: w.WriteBoolean("value", b); break;
            case decimal d: w.WriteString("value", d.ToString(Invariant)); break;
            case long l: w.WriteNumber("value", l); break;
            case double f: w.WriteNumber("value", f); break;
        }
        w.WriteEndObject();
    }

    /// <summary>The default of an archived column of <paramref name="type"/>, or null when it has none.</summary>
    public static ArchiveDefault? Read(JsonElement column, ColumnType type)
    {
        if (!column.TryGetProperty("default", out var e)) return null;
        if (e.TryGetProperty("currentTimestamp", out _)) return new ArchiveDefault(null, true);
        var value = e.GetProperty("value");
        return Typed(value.ValueKind switch { JsonValueKind.String => value.GetString()!, JsonValueKind.True => "true", JsonValueKind.False => "false", _ => value.GetRawText() },
                value.ValueKind == JsonValueKind.String, type)
            ?? throw new ArchiveCorruptedException($"The archive gives a column the default {value.GetRawText()}, which does not fit its type {type}; the archive is corrupted.");
    }
}
