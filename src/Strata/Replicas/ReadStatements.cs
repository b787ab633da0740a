using System.Collections.Frozen;
using Strata.Scripts;

namespace Strata.Replicas;

/// <summary>
/// Tells whether SQL text only reads, so that a replica may run it: every statement in it starts with
/// <c>SELECT</c>, <c>WITH</c>, <c>SHOW</c> or <c>VALUES</c> (after whitespace, comments and opening parentheses)
/// and none of them holds a word that writes or locks (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>MERGE</c>,
/// <c>INTO</c>, <c>SHARE</c>, plus the dialect's own).
/// </summary>
/// <remarks>
/// Not a SQL parser: it only skips what the dialect's <see cref="SqlLexicalRules"/> say is quoted or commented, and
/// matches whole words. It errs towards the primary: a column named <c>share</c> or <c>update</c> sends its query
/// there too, which costs load, never correctness. Stateless, thread-safe and allocation-free.
/// </remarks>
internal static class ReadStatements
{
    private static readonly FrozenSet<string> FirstWords =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "SELECT", "WITH", "SHOW", "VALUES");

    /// <summary>
    /// Words that keep a statement on the primary in every dialect: data-modifying statements inside a <c>WITH</c>,
    /// <c>SELECT … INTO</c>, and the row locks <c>FOR UPDATE</c>, <c>FOR NO KEY UPDATE</c>, <c>FOR [KEY] SHARE</c> and
    /// <c>LOCK IN SHARE MODE</c>.
    /// </summary>
    public static readonly IReadOnlyCollection<string> StandardWriteWords = ["INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "SHARE"];

    /// <summary>True when <paramref name="sql"/> only reads; see the type's summary.</summary>
    /// <param name="sql">The command text.</param>
    /// <param name="rules">How the dialect quotes and comments.</param>
    /// <param name="writeWords">Words that keep a statement on the primary (case-insensitive).</param>
    public static bool IsRead(string sql, SqlLexicalRules rules, FrozenSet<string> writeWords)
    {
        var firstWords = FirstWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var written = writeWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var atStart = true;
        var sawStatement = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && next == '-' || c == '#' && rules.HashComments) { i = LineEnd(sql, i); continue; }
            if (c == '/' && next == '*') { i = BlockCommentEnd(sql, i, rules.NestedBlockComments); continue; }
            if (c == ';') { atStart = true; i++; continue; }
            if (atStart && c == '(') { i++; continue; }
            if (IsWordStart(c))
            {
                var end = i + 1;
                while (end < sql.Length && IsWordChar(sql[end])) end++;
                var word = sql.AsSpan(i, end - i);
                if (atStart)
                {
                    if (!firstWords.Contains(word)) return false;
                    atStart = false;
                    sawStatement = true;
                }
                else if (written.Contains(word))
                {
                    return false;
                }
                // E'…' is an escape string in PostgreSQL: the quote right after the word starts it.
                if (end < sql.Length && sql[end] == '\'' && rules.DollarQuotes && word is "E" or "e")
                {
                    i = QuotedEnd(sql, end, '\'', backslashEscapes: true);
                    continue;
                }
                i = end;
                continue;
            }
            if (atStart) return false;
            i = c switch
            {
                '\'' => QuotedEnd(sql, i, '\'', rules.BackslashEscapes),
                '"' => QuotedEnd(sql, i, '"', rules.BackslashEscapes),
                '`' when rules.BacktickIdentifiers => QuotedEnd(sql, i, '`', backslashEscapes: false),
                '[' when rules.BracketIdentifiers => Until(sql, i + 1, "]"),
                '$' when rules.DollarQuotes && DollarTagLength(sql, i) is > 0 and var length => Until(sql, i + length, sql.AsSpan(i, length)),
                _ => i + 1,
            };
        }
        return sawStatement;
    }

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int LineEnd(string s, int i)
    {
        var eol = s.IndexOf('\n', i);
        return eol < 0 ? s.Length : eol;
    }

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

    private static int QuotedEnd(string s, int i, char quote, bool backslashEscapes)
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
