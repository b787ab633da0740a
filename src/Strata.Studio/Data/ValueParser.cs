using System.Globalization;

namespace Strata.Studio.Data;

/// <summary>
/// Turns text typed into a form into a value of a column's type, so that it travels as a typed parameter (and a number
/// column never receives text). Invariant culture.
/// </summary>
internal static class ValueParser
{
    /// <summary>Parses <paramref name="text"/> as <paramref name="type"/>.</summary>
    /// <exception cref="FormatException">The text is not a value of that type; the message says which type was wanted.</exception>
    public static object Parse(string text, Type type)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(type);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            return target switch
            {
                _ when target == typeof(string) => text,
                _ when target == typeof(Guid) => Guid.Parse(text),
                _ when target == typeof(bool) => text.Trim() switch { "1" => true, "0" => false, var t => bool.Parse(t) },
                _ when target == typeof(DateTime) => DateTime.Parse(text, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                _ when target == typeof(DateTimeOffset) => DateTimeOffset.Parse(text, invariant, DateTimeStyles.AssumeUniversal),
                _ when target == typeof(DateOnly) => DateOnly.Parse(text, invariant),
                _ when target == typeof(TimeOnly) => TimeOnly.Parse(text, invariant),
                _ when target == typeof(TimeSpan) => TimeSpan.Parse(text, invariant),
                _ when target == typeof(byte[]) => Convert.FromHexString(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text),
                _ when target.IsEnum => Enum.Parse(target, text, ignoreCase: true),
                _ => Convert.ChangeType(text.Trim(), target, invariant),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw new FormatException($"'{Shorten(text)}' is not a {Describe(target)}.", e);
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "whole number",
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "number",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) => "date (yyyy-mm-dd)",
        _ when type == typeof(bool) => "true/false value",
        _ when type == typeof(byte[]) => "hex string",
        _ => type.Name,
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
