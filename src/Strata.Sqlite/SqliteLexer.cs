namespace Strata.Sqlite;

/// <summary>
/// Splits SQLite SQL text into tokens the way SQLite's own tokenizer does: quoted identifiers (<c>"…"</c>,
/// <c>`…`</c>, <c>[…]</c>), string and blob literals, comments, numbers, words and punctuation. Not a parser:
/// it knows nothing of statements, only enough for the schema code to find its way through stored DDL.
/// </summary>
/// <remarks>
/// Lossless (the tokens' texts joined give back the input) and total: it never throws; text SQLite would
/// refuse (an unclosed quote) ends in an <see cref="SqliteTokenKind.Unterminated"/> token.
/// </remarks>
internal static class SqliteLexer
{
    /// <summary>The characters SQLite counts as whitespace (other Unicode spaces are identifier characters to it).</summary>
    public static readonly char[] Whitespace = [' ', '\t', '\n', '\f', '\r'];

    /// <summary>Every token of <paramref name="sql"/>, trivia included, in order.</summary>
    public static List<SqliteToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqliteToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var (kind, length) = Next(sql, i);
            tokens.Add(new SqliteToken(kind, sql.Substring(i, length), i));
            i += length;
        }
        return tokens;
    }

    /// <summary>The significant tokens of <paramref name="sql"/> (no whitespace or comments).</summary>
    public static List<SqliteToken> Significant(string sql) => Tokenize(sql).Where(t => !t.IsTrivia).ToList();

    private static (SqliteTokenKind Kind, int Length) Next(string s, int i)
    {
        var c = s[i];
        var next = i + 1 < s.Length ? s[i + 1] : '\0';
        switch (c)
        {
            case ' ' or '\t' or '\n' or '\f' or '\r':
                var w = i + 1;
                while (w < s.Length && s[w] is ' ' or '\t' or '\n' or '\f' or '\r') w++;
                return (SqliteTokenKind.Whitespace, w - i);
            case '-' when next == '-':
                var eol = s.IndexOf('\n', i);
                return (SqliteTokenKind.LineComment, (eol < 0 ? s.Length : eol) - i);
            case '/' when next == '*':
                var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                return (SqliteTokenKind.BlockComment, (close < 0 ? s.Length : close + 2) - i);
            case '"' or '`' or '\'':
                return Quoted(s, i, c, c == '\'' ? SqliteTokenKind.String : SqliteTokenKind.QuotedIdentifier);
            case '[':
                var bracket = s.IndexOf(']', i + 1);
                return bracket < 0 ? (SqliteTokenKind.Unterminated, s.Length - i) : (SqliteTokenKind.QuotedIdentifier, bracket + 1 - i);
            case 'x' or 'X' when next == '\'':
                var (kind, length) = Quoted(s, i + 1, '\'', SqliteTokenKind.Blob);
                return (kind, length + 1);
            case '.' when char.IsAsciiDigit(next):
                return (SqliteTokenKind.Number, NumberLength(s, i));
            case '?':
                var q = i + 1;
                while (q < s.Length && char.IsAsciiDigit(s[q])) q++;
                return (SqliteTokenKind.Variable, q - i);
            case ':' or '@' or '$' or '#' when IsIdentifierPart(next):
                var v = i + 1;
                while (v < s.Length && IsIdentifierPart(s[v])) v++;
                return (SqliteTokenKind.Variable, v - i);
            case '<' when next is '=' or '>' or '<':
            case '>' when next is '=' or '>':
            case '!' when next == '=':
            case '=' when next == '=':
            case '|' when next == '|':
                return (SqliteTokenKind.Punctuation, 2);
        }
        if (char.IsAsciiDigit(c)) return (SqliteTokenKind.Number, NumberLength(s, i));
        if (IsIdentifierStart(c))
        {
            var e = i + 1;
            while (e < s.Length && IsIdentifierPart(s[e])) e++;
            return (SqliteTokenKind.Word, e - i);
        }
        return (SqliteTokenKind.Punctuation, 1);
    }

    private static (SqliteTokenKind Kind, int Length) Quoted(string s, int i, char quote, SqliteTokenKind kind)
    {
        var j = i + 1;
        while (j < s.Length)
        {
            if (s[j] == quote)
            {
                if (j + 1 < s.Length && s[j + 1] == quote)
                {
                    j += 2;
                    continue;
                }
                return (kind, j + 1 - i);
            }
            j++;
        }
        return (SqliteTokenKind.Unterminated, s.Length - i);
    }

    private static int NumberLength(string s, int i)
    {
        // Digits, a point, an exponent with its sign, hex digits and '_' separators: whatever SQLite would
        // take into one numeric token (or refuse as one malformed token).
        var j = i;
        while (j < s.Length)
        {
            var c = s[j];
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.')
            {
                j++;
            }
            else if ((c is '+' or '-') && j > i && s[j - 1] is 'e' or 'E' && !IsHex(s, i))
            {
                j++;
            }
            else
            {
                break;
            }
        }
        return j - i;
    }

    private static bool IsHex(string s, int i) => s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X';

    /// <summary>Characters SQLite lets a bare identifier start with (every non-ASCII character counts).</summary>
    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= 0x80;

    /// <summary>Characters SQLite lets a bare identifier continue with.</summary>
    public static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';
}
