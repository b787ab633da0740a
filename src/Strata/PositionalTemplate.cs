using System.Globalization;
using System.Text;
using Strata.Scripts;

namespace Strata;

/// <summary>
/// SQL text with positional placeholders, cut at each one: the text around them and which argument each takes. A statement
/// uses <c>?</c> (arguments in order) or <c>$1</c>, <c>$2</c>… (by number, any order, repeatable); with numbered ones a lone
/// <c>?</c> is text (PostgreSQL's jsonb operators <c>?</c>, <c>?|</c>, <c>?&amp;</c>). <c>??</c> is always a literal <c>?</c>.
/// Nothing inside a string, a quoted identifier, a comment or a dollar-quoted body is a placeholder, as the dialect's
/// <see cref="SqlLexicalRules"/> say.
/// </summary>
/// <remarks>Immutable; built by <see cref="Parse"/> and cached by <see cref="PositionalSql"/>.</remarks>
internal sealed class PositionalTemplate
{
    private PositionalTemplate(string source, SqlLexicalRules rules, int hash, string[] texts, int[] slots, int argumentCount, bool numbered)
    {
        Source = source;
        Rules = rules;
        Hash = hash;
        Texts = texts;
        Slots = slots;
        ArgumentCount = argumentCount;
        Numbered = numbered;
    }

    /// <summary>The SQL text as given.</summary>
    public string Source { get; }

    /// <summary>The lexical rules it was read with.</summary>
    public SqlLexicalRules Rules { get; }

    /// <summary>The cache's hash of source and rules.</summary>
    public int Hash { get; }

    /// <summary>The text before each placeholder, and after the last one (one more than <see cref="Slots"/>), <c>??</c> made <c>?</c>.</summary>
    public string[] Texts { get; }

    /// <summary>The zero-based argument each placeholder takes, in text order.</summary>
    public int[] Slots { get; }

    /// <summary>How many arguments the statement takes.</summary>
    public int ArgumentCount { get; }

    /// <summary>True when the placeholders are <c>$1</c>-style.</summary>
    public bool Numbered { get; }

    /// <summary>Reads <paramref name="sql"/>'s placeholders.</summary>
    /// <exception cref="ArgumentException">A <c>?1</c>-style or <c>$0</c> placeholder, or numbered placeholders that skip a number.</exception>
    public static PositionalTemplate Parse(string sql, SqlLexicalRules rules, int hash = 0)
    {
        var marks = new List<Mark>();
        var numbered = false;
        var i = 0;
        while (i < sql.Length)
        {
            var end = SqlLexer.CommentEnd(sql, i, rules);
            if (end == i) end = SqlLexer.QuotedEnd(sql, i, rules);
            if (end > i)
            {
                i = end;
                continue;
            }
            var c = sql[i];
            if (c == '?')
            {
                var escaped = i + 1 < sql.Length && sql[i + 1] == '?';
                marks.Add(new Mark(i, escaped ? 2 : 1, escaped ? MarkKind.Escape : MarkKind.Question, 0));
                i += escaped ? 2 : 1;
            }
            else if (c == '$' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1]) && (i == 0 || !SqlLexer.IsWordChar(sql[i - 1])))
            {
                var j = i + 1;
                while (j < sql.Length && char.IsAsciiDigit(sql[j])) j++;
                var digits = sql.AsSpan(i + 1, j - i - 1);
                if (digits.Length > 6 || int.Parse(digits, CultureInfo.InvariantCulture) is var number && number == 0)
                    throw new ArgumentException($"The placeholder ${digits} is out of range: numbered placeholders start at $1.", nameof(sql));
                marks.Add(new Mark(i, j - i, MarkKind.Numbered, number));
                numbered = true;
                i = j;
            }
            else
            {
                // A word is skipped whole, so that the $1 of an identifier such as a$1 is never taken for a placeholder.
                i = SqlLexer.IsWordStart(c) ? SkipWord(sql, i) : i + 1;
            }
        }
        return Build(sql, rules, hash, marks, numbered);
    }

    private static PositionalTemplate Build(string sql, SqlLexicalRules rules, int hash, List<Mark> marks, bool numbered)
    {
        var texts = new List<string>();
        var slots = new List<int>();
        var text = new StringBuilder();
        var from = 0;
        var highest = 0;
        foreach (var mark in marks)
        {
            text.Append(sql, from, mark.Start - from);
            from = mark.Start + mark.Length;
            switch (mark.Kind)
            {
                case MarkKind.Escape:
                    text.Append('?');
                    continue;
                case MarkKind.Question when numbered:
                    text.Append('?');
                    continue;
                case MarkKind.Question:
                    if (from < sql.Length && char.IsAsciiDigit(sql[from]))
                        throw new ArgumentException($"A numbered ? placeholder ('?{sql[from]}…') is not supported: write ${sql[from]}… instead, or ? for each argument in order.", nameof(sql));
                    slots.Add(slots.Count);
                    break;
                default:
                    slots.Add(mark.Number - 1);
                    highest = Math.Max(highest, mark.Number);
                    break;
            }
            texts.Add(text.ToString());
            text.Clear();
        }
        text.Append(sql, from, sql.Length - from);
        texts.Add(text.ToString());
        if (numbered)
        {
            var used = new bool[highest];
            foreach (var slot in slots) used[slot] = true;
            var missing = Array.IndexOf(used, false);
            if (missing >= 0)
                throw new ArgumentException(
                    $"The SQL uses placeholders up to ${highest} but never ${missing + 1}: numbered placeholders must cover $1 to ${highest}, one per argument.", nameof(sql));
        }
        return new PositionalTemplate(sql, rules, hash, [.. texts], [.. slots], numbered ? highest : slots.Count, numbered);
    }

    private static int SkipWord(string sql, int i)
    {
        while (i < sql.Length && SqlLexer.IsWordChar(sql[i])) i++;
        return i;
    }

    private enum MarkKind : byte { Question, Escape, Numbered }

    private readonly record struct Mark(int Start, int Length, MarkKind Kind, int Number);
}
