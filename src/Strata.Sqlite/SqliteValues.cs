namespace Strata.Sqlite;

/// <summary>
/// What a parameter value becomes before Microsoft.Data.Sqlite binds it, so that SQLite compares it the way the server
/// databases do. SQLite compares by storage class first (every number sorts before every text), so a value that should
/// behave as a number must arrive as INTEGER or REAL, and text values must order the way their .NET values do.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A <see cref="decimal"/> goes as an INTEGER when it is whole and fits 64 bits, else as a REAL (the driver would
/// send text). A REAL has a double's precision, 15 to 17 significant digits: <c>-12345678901234.5678m</c> comes back as
/// <c>-12345678901234.568m</c> (or <c>-12345678901234.6m</c> from a DECIMAL column, read as a double), and the scale
/// is not kept (<c>15.00m</c> reads back as <c>15m</c>, which is equal). That is the price of comparing and summing as numbers; to keep more digits exactly, store
/// the value's text yourself (<c>d.ToString(CultureInfo.InvariantCulture)</c>) in a TEXT column and compare it in .NET.</item>
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
    public static object? ToSqlite(object? value) => value switch
    {
        decimal d => FromDecimal(d),
        DateTimeOffset o when o.Offset != TimeSpan.Zero => o.ToUniversalTime(),
        ulong u when u > long.MaxValue => throw new ArgumentOutOfRangeException(nameof(value),
            "A ulong parameter above 9223372036854775807 does not fit SQLite's 64-bit signed INTEGER (the driver would store it as a negative number). " +
            "Pass it as a decimal or double (stored as a REAL, with a double's precision), or as text."),
        _ => value,
    };

    private static object FromDecimal(decimal value) =>
        value == decimal.Truncate(value) && value >= long.MinValue && value <= long.MaxValue
            ? decimal.ToInt64(value)
            : decimal.ToDouble(value);

}
