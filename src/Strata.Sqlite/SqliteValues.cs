using System.Globalization;

namespace Strata.Sqlite;

/// <summary>
/// What a parameter value becomes before Microsoft.Data.Sqlite binds it, so that SQLite compares it the way the server
/// databases do, and which values SQLite cannot store as they are. SQLite compares by storage class first (every number sorts
/// before every text), so a value that should behave as a number must arrive as INTEGER or REAL, and text values must order the
/// way their .NET values do.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A <see cref="decimal"/> goes as an INTEGER when it is whole and fits 64 bits, else as a REAL (the driver would send
/// text), so that it compares and sums as a number. A REAL keeps 15 significant digits exactly, so a decimal with more is refused
/// (<see cref="Problem"/>) rather than rounded: keep such values as text in a TEXT column. Read back, a REAL becomes the decimal
/// its shortest text spells, with the scale a <c>DECIMAL(p,s)</c> column declares.</item>
/// <item>A <see cref="double"/> or <see cref="float"/> NaN is refused (SQLite has none); infinities are stored.</item>
/// <item>A <see cref="DateTimeOffset"/> goes as its UTC instant (<c>…+00:00</c>), as MySQL and MariaDB store it, so text
/// order is time order whatever offset each value had. It reads back with a zero offset.</item>
/// <item>A <see cref="ulong"/> above <see cref="long.MaxValue"/> is refused: the driver would store it as a negative number.</item>
/// </list>
/// Other types are bound as the driver binds them: whole numbers and <see cref="bool"/> as INTEGER, <see cref="double"/> and
/// <see cref="float"/> as REAL, <see cref="DateTime"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="Guid"/>
/// and <see cref="char"/> as text whose order is their order. A <see cref="TimeSpan"/> is text (<c>[-][d.]hh:mm:ss.fffffff</c>)
/// that orders correctly only between non-negative spans shorter than a day.
/// </remarks>
internal static class SqliteValues
{
    /// <summary>The most significant digits a decimal may have to travel as a REAL and come back the same (a double's 15).</summary>
    public const int RealDigits = 15;

    /// <summary>The value the driver gets; <paramref name="value"/> has passed <see cref="Problem"/>.</summary>
    public static object? ToSqlite(object? value) => value switch
    {
        decimal d => FromDecimal(d),
        DateTimeOffset o when o.Offset != TimeSpan.Zero => o.ToUniversalTime(),
        _ => value,
    };

    /// <summary>Why SQLite cannot store <paramref name="value"/> as it is, or null when it can (see <see cref="SqliteDialect.DescribeUnstorableValue"/>).</summary>
    public static string? Problem(object value) => value switch
    {
        decimal d when !IsWholeInt64(d) && SignificantDigits(d) > RealDigits =>
            $"a decimal with more than {RealDigits} significant digits, which SQLite cannot keep exactly: it stores numbers as 64-bit integers " +
            "and doubles (a DECIMAL column turns text into a double too). Keep it as text in a TEXT column (a string parameter, " +
            "value.ToString(CultureInfo.InvariantCulture), or a type of your own with a converter to string in DatabaseOptions.Types), " +
            $"or round it to {RealDigits} significant digits.",
        double d when double.IsNaN(d) => "NaN (a double), which SQLite cannot store. Store NULL instead, or keep the special value in a column of its own.",
        float f when float.IsNaN(f) => "NaN (a float), which SQLite cannot store. Store NULL instead, or keep the special value in a column of its own.",
        ulong u when u > long.MaxValue =>
            "a ulong above 9223372036854775807, which does not fit SQLite's 64-bit signed INTEGER (the driver would store it as a negative number). " +
            "Pass it as a decimal or double (stored as a REAL, with a double's precision), or as text.",
        _ => null,
    };

    /// <summary>A decimal as SQLite stores it: an INTEGER when whole and within 64 bits, else the nearest REAL.</summary>
    public static object FromDecimal(decimal value)
    {
        if (IsWholeInt64(value)) return decimal.ToInt64(value);
        // The text's nearest double (double.Parse rounds correctly), which reads back as the same decimal when it has at most 15 digits.
        Span<char> text = stackalloc char[40];
        return value.TryFormat(text, out var length, "G", CultureInfo.InvariantCulture)
            ? double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture)
            : decimal.ToDouble(value);
    }

    private static bool IsWholeInt64(decimal value) => value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue;

    /// <summary>The digits of <paramref name="value"/> without leading and trailing zeros (<c>15.500</c> has 3, <c>1E+20</c> has 1).</summary>
    internal static int SignificantDigits(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] == 0)
        {
            var small = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            if (small == 0) return 0;
            while (small % 10 == 0) small /= 10;
            var count = 0;
            for (; small != 0; small /= 10) count++;
            return count;
        }
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        while (mantissa % 10 == 0) mantissa /= 10;
        var digits = 0;
        for (; mantissa != 0; mantissa /= 10) digits++;
        return digits;
    }
}
