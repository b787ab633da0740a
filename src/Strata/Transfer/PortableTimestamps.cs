namespace Strata.Transfer;

/// <summary>
/// The archive's timestamps (<c>yyyy-MM-ddTHH:mm:ss</c>, a fraction of up to seven digits without trailing zeros, and a
/// <c>Z</c> for an instant) written and read as UTF-8 without going through the culture-aware formatter and parser, which
/// cost more than the rest of a row. The text is exactly what the format strings <c>yyyy-MM-ddTHH:mm:ss.FFFFFFF</c> give.
/// </summary>
internal static class PortableTimestamps
{
    /// <summary>The longest text <see cref="Format"/> writes.</summary>
    public const int MaxLength = 28;

    /// <summary>Writes <paramref name="value"/>'s wall-clock time, with a trailing Z when <paramref name="utc"/>; returns the bytes written.</summary>
    public static int Format(DateTime value, bool utc, Span<byte> destination)
    {
        Digits(destination[..4], value.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), value.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), value.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), value.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), value.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), value.Second);
        var length = 19;
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            destination[length++] = (byte)'.';
            Digits(destination.Slice(length, digits), fraction);
            length += digits;
        }
        if (utc) destination[length++] = (byte)'Z';
        return length;
    }

    /// <summary>
    /// Reads the form <see cref="Format"/> writes (the Z optional) as a wall-clock time of kind <see cref="DateTimeKind.Unspecified"/>;
    /// false for any other text, which the caller then parses the slow, lenient way.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length > 0 && text[^1] == (byte)'Z') text = text[..^1];
        if (text.Length < 19 || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
            return false;
        if (!Number(text[..4], out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day)
            || !Number(text.Slice(11, 2), out var hour) || !Number(text.Slice(14, 2), out var minute) || !Number(text.Slice(17, 2), out var second))
            return false;
        long ticks = 0;
        if (text.Length > 19)
        {
            var digits = text[20..];
            if (text[19] != (byte)'.' || digits.Length is 0 or > 7 || !Number(digits, out var fraction)) return false;
            ticks = fraction;
            for (var i = digits.Length; i < 7; i++) ticks *= 10;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    /// <summary>Reads <c>yyyy-MM-dd</c>; false for any other text.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !Number(text[..4], out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        value = new DateOnly(year, month, day);
        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (digit - '0');
        }
        return true;
    }
}
