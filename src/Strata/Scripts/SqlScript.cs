using System.Text.RegularExpressions;

namespace Strata.Scripts;

/// <summary>
/// Splits a SQL script (a migration, seed or schema file) into its statements at the terminators that are
/// not inside quotes, comments, dollar-quoted bodies or a trigger's or routine's <c>BEGIN … END</c> block, and
/// remembers the line each statement starts on, so errors can point into the file.
/// </summary>
/// <remarks>
/// Not a SQL parser: it knows quoting and comments (per <see cref="SqlLexicalRules"/>) and counts block
/// nesting only in <c>CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT</c> statements. Never throws on odd input: an
/// unclosed quote or comment runs to the end of the script, which the database then refuses with its own error.
/// Stateless and thread-safe.
/// </remarks>
public static partial class SqlScript
{
    private static readonly HashSet<string> BlockStatementWords = new(StringComparer.OrdinalIgnoreCase) { "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT" };
    private static readonly HashSet<string> EndQualifiers = new(StringComparer.OrdinalIgnoreCase) { "IF", "LOOP", "WHILE", "REPEAT" };

    /// <summary>The statements of <paramref name="script"/>, without their terminators, skipping empty ones.</summary>
    /// <param name="script">The script text.</param>
    /// <param name="rules">How the dialect quotes and comments.</param>
    /// <param name="firstLine">The line number of the script's first line within its file (for a section of a file).</param>
    public static IReadOnlyList<SqlScriptStatement> Split(string script, SqlLexicalRules rules, int firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(rules);
        return new Scanner(script, rules, firstLine).Run();
    }

    [GeneratedRegex(@"\G[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?=\r?\n|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DelimiterLine();

    [GeneratedRegex(@"\G\$([A-Za-z_][A-Za-z0-9_]*)?\$", RegexOptions.CultureInvariant)]
    private static partial Regex DollarTag();

    private sealed class Scanner(string s, SqlLexicalRules rules, int firstLine)
    {
        private readonly List<SqlScriptStatement> _statements = [];
        private string _delimiter = ";";
        private int _line = firstLine;
        private int _contentStart = -1;
        private int _contentEnd;
        private int _contentLine;
        private int _words;
        private bool _isBlockStatement;
        private bool _firstWordIsCreate;
        private int _depth;

        public List<SqlScriptStatement> Run()
        {
            var i = 0;
            while (i < s.Length)
            {
                if (_contentStart < 0 && rules.DelimiterDirective && AtLineStart(i) && DelimiterLine().Match(s, i) is { Success: true } directive)
                {
                    _delimiter = directive.Groups[1].Value;
                    i += directive.Length;
                    continue;
                }
                var c = s[i];
                var next = i + 1 < s.Length ? s[i + 1] : '\0';
                if (c == '\n')
                {
                    _line++;
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '-' && next == '-' || c == '#' && rules.HashComments)
                {
                    i = LineEnd(i);
                }
                else if (c == '/' && next == '*')
                {
                    i = BlockCommentEnd(i);
                }
                else if (_depth == 0 && string.CompareOrdinal(s, i, _delimiter, 0, _delimiter.Length) == 0)
                {
                    Emit();
                    i += _delimiter.Length;
                }
                else
                {
                    MarkContent(i);
                    i = Token(i, c);
                    _contentEnd = i;
                }
            }
            Emit();
            return _statements;
        }

        private int Token(int i, char c)
        {
            switch (c)
            {
                case '\'':
                    var escapes = rules.BackslashEscapes || rules.DollarQuotes && i > 0 && s[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(s[i - 2]));
                    return QuotedEnd(i, '\'', escapes);
                case '"':
                    return QuotedEnd(i, '"', rules.BackslashEscapes);
                case '`' when rules.BacktickIdentifiers:
                    return QuotedEnd(i, '`', escapes: false);
                case '[' when rules.BracketIdentifiers:
                    return Until(i + 1, "]");
                case '$' when rules.DollarQuotes && DollarTag().Match(s, i) is { Success: true } tag:
                    return Until(i + tag.Length, tag.Value);
                default:
                    if (!IsWordStart(c)) return i + 1;
                    var end = i + 1;
                    // A custom delimiter may follow a word directly ("END$$").
                    while (end < s.Length && IsWordChar(s[end]) && string.CompareOrdinal(s, end, _delimiter, 0, _delimiter.Length) != 0) end++;
                    Word(s.AsSpan(i, end - i), end);
                    return end;
            }
        }

        private void Word(ReadOnlySpan<char> word, int end)
        {
            _words++;
            if (_words == 1) _firstWordIsCreate = word.Equals("CREATE", StringComparison.OrdinalIgnoreCase);
            else if (_firstWordIsCreate && _words <= 6 && !_isBlockStatement && BlockStatementWords.Contains(word.ToString())) _isBlockStatement = true;
            if (!_isBlockStatement) return;
            if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || word.Equals("CASE", StringComparison.OrdinalIgnoreCase))
            {
                _depth++;
            }
            else if (word.Equals("END", StringComparison.OrdinalIgnoreCase) && !EndQualifiers.Contains(NextWord(end)))
            {
                _depth = Math.Max(0, _depth - 1);
            }
        }

        private string NextWord(int i)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            var end = i;
            while (end < s.Length && IsWordChar(s[end])) end++;
            return s[i..end];
        }

        private void MarkContent(int i)
        {
            if (_contentStart >= 0) return;
            _contentStart = i;
            _contentLine = _line;
        }

        private void Emit()
        {
            if (_contentStart >= 0)
            {
                // From the first to the last significant character: comments around a statement are not part of it.
                var text = s[_contentStart.._contentEnd];
                _statements.Add(new SqlScriptStatement(text, _contentLine, _statements.Count + 1));
            }
            _contentStart = -1;
            _words = 0;
            _isBlockStatement = false;
            _firstWordIsCreate = false;
            _depth = 0;
        }

        private bool AtLineStart(int i)
        {
            var j = i - 1;
            while (j >= 0 && s[j] is ' ' or '\t') j--;
            return j < 0 || s[j] == '\n';
        }

        private int LineEnd(int i)
        {
            var eol = s.IndexOf('\n', i);
            return eol < 0 ? s.Length : eol;
        }

        private int BlockCommentEnd(int i)
        {
            var depth = 0;
            while (i < s.Length)
            {
                if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*' && (depth == 0 || rules.NestedBlockComments))
                {
                    depth++;
                    i += 2;
                }
                else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/')
                {
                    i += 2;
                    if (--depth == 0) return i;
                }
                else
                {
                    if (s[i] == '\n') _line++;
                    i++;
                }
            }
            return i;
        }

        private int QuotedEnd(int i, char quote, bool escapes)
        {
            i++;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '\n') _line++;
                if (escapes && c == '\\')
                {
                    if (i + 1 < s.Length && s[i + 1] == '\n') _line++;
                    i += 2;
                    continue;
                }
                if (c == quote)
                {
                    if (i + 1 < s.Length && s[i + 1] == quote)
                    {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i++;
            }
            return i;
        }

        private int Until(int i, string close)
        {
            var end = s.IndexOf(close, i, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end + close.Length;
            for (var k = i; k < end; k++)
            {
                if (s[k] == '\n') _line++;
            }
            return end;
        }

        private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
    }
}
