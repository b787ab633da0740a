namespace Strata;

/// <summary>Validation of identifiers (table, column, schema names) before the dialect quotes them.</summary>
public static class SqlIdentifier
{
    /// <summary>
    /// Checks that <paramref name="name"/> is one or more dot-separated parts of letters, digits,
    /// <c>_</c> and <c>$</c>, each not starting with a digit; the last part of a qualified name may be <c>*</c>.
    /// </summary>
    /// <param name="name">The identifier to check.</param>
    /// <exception cref="ArgumentException">The name is empty or has a character outside that set; the message says which.</exception>
    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("An identifier must not be empty.", nameof(name));
        var partStart = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '*' && partStart && i == name.Length - 1 && i > 0)
            {
                // "table.*": a star is allowed as the whole last part of a qualified name.
                return;
            }
            if (c == '.')
            {
                if (partStart) throw Invalid(name, $"an empty part at position {i}");
                partStart = true;
                continue;
            }
            var ok = partStart
                ? char.IsAsciiLetter(c) || c == '_'
                : char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';
            if (!ok)
                throw Invalid(name, partStart && char.IsAsciiDigit(c)
                    ? $"a part starting with the digit '{c}' at position {i}"
                    : $"the character '{Printable(c)}' at position {i}");
            partStart = false;
        }
        if (partStart) throw Invalid(name, "an empty last part");
    }

    /// <summary>True when <paramref name="name"/> passes <see cref="Validate(string)"/>.</summary>
    /// <param name="name">The identifier to check.</param>
    public static bool IsValid(string name)
    {
        try { Validate(name); return true; }
        catch (ArgumentException) { return false; }
    }

    private static string Printable(char c) => char.IsControl(c) || c > '\u007e' ? $"\\u{(int)c:x4}" : c.ToString();

    private static ArgumentException Invalid(string name, string what) => new(
        $"'{Sanitize(name)}' is not a valid identifier: it has {what}. Identifiers are ASCII letters, digits, '_' and '$' " +
        "in dot-separated parts (schema.table.column), not starting with a digit. Values belong in parameters, not identifiers.",
        nameof(name));

    private static string Sanitize(string name)
    {
        var shown = name.Length > 64 ? name[..64] + "…" : name;
        return string.Concat(shown.Select(Printable));
    }
}
