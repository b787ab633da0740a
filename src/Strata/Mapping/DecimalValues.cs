using System.Globalization;

namespace Strata.Mapping;

/// <summary>
/// Decimals read from a driver that does not return them as decimals (SQLite's REAL): a double becomes the decimal its shortest
/// round-trip text spells (<c>0.1</c> → <c>0.1m</c>, <c>0.30000000000000004</c> → <c>0.30000000000000004m</c>), not the 15-digit
/// rounding of a cast. SQLite keeps no scale: <c>15.50</c> reads back as <c>15.5m</c>, an equal value.
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
}
