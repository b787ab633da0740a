using CsCheck;

namespace Strata.FaultTests.Infrastructure;

/// <summary>Strings built to break out of SQL text: a fixed corpus, and a CsCheck generator over the same characters.</summary>
public static class HostileStrings
{
    /// <summary>Quotes of every kind, comment markers, statement ends, NUL, direction marks, look-alikes, long strings.</summary>
    public static IReadOnlyList<string> Corpus { get; } =
    [
        "'", "''", "\"", "`", "[", "]", "\\", "\\'", "'; DROP TABLE {canary}; --", "\"; DROP TABLE {canary}; --",
        "`; DROP TABLE {canary}; --", "x' OR '1'='1", "x\" OR \"1\"=\"1", "1; DELETE FROM {canary}", "-- comment", "/* open",
        "*/", "#", "name /*", "$$; DROP TABLE {canary}; $$", "$tag$", "?", "$1", "@p0", ":name", "\0", "a\0b", "\u202Eevil\u202C",
        "\u200Fname", "\u200B", "nаme" /* Cyrillic а */, "ｎａｍｅ" /* full width */, "ﬁle", "\u00A0", "\r\n; DELETE FROM {canary};",
        "name\nUNION SELECT 1", "名前", "😀", "%", "_", "%' --", "N'x'", "E'\\x27'", "0x27", "CHAR(39)",
        new string('\'', 300), new string('a', 64), new string('a', 65), new string('a', 4000), new string('é', 10_000),
        "a.b", "a.b.c", ".", "a AS b", "a, b", "*", "name)", "(", "",
    ];

    private static readonly char[] Alphabet =
        ['\'', '"', '`', '[', ']', ';', '-', '/', '*', '#', '\\', '\0', '\u202E', '\u200F', 'а', 'a', ' ', '\n', '$', '?', '@', ':', '.', '(', ')', ',', '%', '_', 'é', '1'];

    /// <summary>Strings of up to 40 characters drawn from the hostile alphabet.</summary>
    public static Gen<string> Generated { get; } = Gen.Int[0, Alphabet.Length - 1].Select(i => Alphabet[i]).Array[0, 40].Select(chars => new string(chars));

    /// <summary><paramref name="value"/> with <c>{canary}</c> replaced by the canary table's name.</summary>
    public static string For(string value, string canary) => value.Replace("{canary}", canary, StringComparison.Ordinal);
}
