using System.Globalization;

namespace Strata.Mapping;

/// <summary>
/// Decimals read from a driver that does not return them as decimals (SQLite's INTEGER, REAL and TEXT): a double becomes the
/// decimal its shortest round-trip text spells, not the 15-digit rounding of a cast, and a value read from a
/// <c>DECIMAL(p,s)</c> or <c>NUMERIC(p,s)</c> column gets the column's scale back (<c>15</c> reads as <c>15.00</c> from
/// <c>DECIMAL(10,2)</c>), as the servers return it.
/// </summary>
internal static class DecimalValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The decimal <paramref name="value"/>'s shortest round-trip text spells.</summary>
    /// <exception cref="OverflowException">NaN, an infinity, or a value outside the decimal range.</exception>
    public static decimal FromDouble(double value)
    {
        Span<char> text = stackalloc char[32];
        if (double.IsFinite(value) && value.TryFormat(text, out var length, "R", Invariant)
            && decimal.TryParse(text[..length], NumberStyles.Float, Invariant, out var result))
            return result;
        return (decimal)value;
    }

    /// <summary>The scale a column type declares (<c>DECIMAL(10,2)</c> → 2, <c>NUMERIC(5)</c> → 0), or null when it declares none.</summary>
    public static int? ScaleOf(string? databaseType)
    {
        if (databaseType is null) return null;
        var type = databaseType.AsSpan().Trim();
        if (!type.StartsWith("DECIMAL", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("NUMERIC", StringComparison.OrdinalIgnoreCase)) return null;
        var open = type.IndexOf('(');
        var close = type.IndexOf(')');
        if (open < 0 || close < open) return null;
        var arguments = type[(open + 1)..close];
        var comma = arguments.IndexOf(',');
        if (comma < 0) return 0;
        return int.TryParse(arguments[(comma + 1)..].Trim(), NumberStyles.None, Invariant, out var scale) && scale <= 28 ? scale : null;
    }

    /// <summary><paramref name="value"/> with at least <paramref name="scale"/> decimal places (trailing zeros added, nothing rounded).</summary>
    public static decimal WithScale(decimal value, int scale) =>
        value.Scale >= scale ? value : value + new decimal(0, 0, 0, false, (byte)scale);
}
