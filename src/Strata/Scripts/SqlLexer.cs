namespace Strata.Scripts;

/// <summary>
/// The parts of a dialect's SQL text that code reading it without parsing must step over — comments, strings, quoted
/// identifiers and dollar-quoted bodies — as <see cref="SqlLexicalRules"/> describe them. Positions only: each method
/// says where a construct starting at a position ends.
/// </summary>
/// <remarks>
/// Shared by the script splitter, replica routing and statement statistics, so that all three agree on what is code.
/// An unclosed construct runs to the end of the text. Stateless and thread-safe.
/// </remarks>
internal static class SqlLexer
{
    /// <summary>
    /// Where the comment starting at <paramref name="i"/> ends: at its line's end for <c>--</c> (and <c>#</c> where the
    /// rules allow it), after the closing <c>*/</c> for a block comment. <paramref name="i"/> itself when no comment starts there.
    /// </summary>
    public static int CommentEnd(string s, int i, SqlLexicalRules rules)
    {
        var c = s[i];
        var next = i + 1 < s.Length ? s[i + 1] : '\0';
        if (c == '-' && next == '-' || c == '#' && rules.HashComments)
        {
            var eol = s.IndexOf('\n', i);
            return eol < 0 ? s.Length : eol;
        }
        return c == '/' && next == '*' ? BlockCommentEnd(s, i, rules.NestedBlockComments) : i;
    }

    /// <summary>
    /// Where the quoted text starting at <paramref name="i"/> ends (after its closing quote): a string, a quoted
    /// identifier, or a dollar-quoted body. <paramref name="i"/> itself when none starts there.
    /// </summary>
    public static int QuotedEnd(string s, int i, SqlLexicalRules rules)
    {
        switch (s[i])
        {
            case '\'':
                // E'…' is an escape string in PostgreSQL: backslashes escape there whatever the rules say elsewhere.
                var escapes = rules.BackslashEscapes || rules.DollarQuotes && i > 0 && s[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(s[i - 2]));
                return QuoteEnd(s, i, '\'', escapes);
            case '"':
                return QuoteEnd(s, i, '"', rules.BackslashEscapes);
            case '`' when rules.BacktickIdentifiers:
                return QuoteEnd(s, i, '`', backslashEscapes: false);
            case '[' when rules.BracketIdentifiers:
                return Until(s, i + 1, "]");
            case '$' when rules.DollarQuotes && DollarTagLength(s, i) is > 0 and var length:
                return Until(s, i + length, s.AsSpan(i, length));
            default:
                return i;
        }
    }

    /// <summary>Whether <paramref name="c"/> can start an unquoted word.</summary>
    public static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    /// <summary>Whether <paramref name="c"/> can continue an unquoted word.</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int BlockCommentEnd(string s, int i, bool nested)
    {
        var depth = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*' && (depth == 0 || nested)) { depth++; i += 2; }
            else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/') { i += 2; if (--depth == 0) return i; }
            else i++;
        }
        return s.Length;
    }

    private static int QuoteEnd(string s, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < s.Length)
        {
            var c = s[i];
            if (backslashEscapes && c == '\\') { i += 2; continue; }
            if (c == quote)
            {
                if (i + 1 < s.Length && s[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return s.Length;
    }

    private static int Until(string s, int i, ReadOnlySpan<char> terminator)
    {
        if (i >= s.Length) return s.Length;
        var end = s.AsSpan(i).IndexOf(terminator, StringComparison.Ordinal);
        return end < 0 ? s.Length : i + end + terminator.Length;
    }

    /// <summary>The length of a dollar-quote tag (<c>$$</c> or <c>$name$</c>) at <paramref name="i"/>, or 0 when there is none (a <c>$1</c> parameter).</summary>
    private static int DollarTagLength(string s, int i)
    {
        var j = i + 1;
        if (j < s.Length && (char.IsAsciiLetter(s[j]) || s[j] == '_'))
        {
            j++;
            while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_')) j++;
        }
        return j < s.Length && s[j] == '$' ? j - i + 1 : 0;
    }
}
