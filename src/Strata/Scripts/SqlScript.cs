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
                if (c == '\n')
                {
                    _line++;
                    i++;
                }
                else if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (SqlLexer.CommentEnd(s, i, rules) is var commentEnd && commentEnd > i)
                {
                    i = Skip(i, commentEnd);
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
            var quotedEnd = SqlLexer.QuotedEnd(s, i, rules);
            if (quotedEnd > i) return Skip(i, quotedEnd);
            if (!SqlLexer.IsWordStart(c)) return i + 1;
            var end = i + 1;
            // A custom delimiter may follow a word directly ("END$$").
            while (end < s.Length && SqlLexer.IsWordChar(s[end]) && string.CompareOrdinal(s, end, _delimiter, 0, _delimiter.Length) != 0) end++;
            Word(s.AsSpan(i, end - i), end);
            return end;
        }

        /// <summary>Steps over a comment or quoted text from <paramref name="start"/> to <paramref name="end"/>, counting its lines.</summary>
        private int Skip(int start, int end)
        {
            _line += s.AsSpan(start, end - start).Count('\n');
            return end;
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
            while (end < s.Length && SqlLexer.IsWordChar(s[end])) end++;
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
    }
}
