using Strata.Dialects;
using Strata.Scripts;

namespace Strata;

/// <summary>
/// Which lists of a statement's parts go as one parameter (see <see cref="InListBinding"/>), decided the same way when its
/// text is built and when its values are collected. Only a list standing alone in <c>[NOT] IN (…)</c> qualifies: the text
/// before it ends with <c>IN (</c> and the text after it starts with <c>)</c>; a list among other values of an <c>IN (…)</c> keeps one
/// placeholder per value (a comment between <c>IN</c> and <c>(</c> also keeps it so). A list outside <c>IN (…)</c>
/// (<c>VALUES ({list})</c>, <c>= ANY({list})</c>) is one array parameter, see <see cref="IsInList"/>.
/// </summary>
internal static class InListRendering
{
    /// <summary>True when <paramref name="dialect"/> sends lists as one parameter past its limit and the statement is past it.</summary>
    public static bool PastLimit(SqlDialect dialect, List<SqlPart> parts)
    {
        if (dialect.InListBinding != InListBinding.SingleParameterPastLimit) return false;
        var count = 0L;
        foreach (var part in parts)
        {
            if (part.Kind == SqlPartKind.Parameter) count++;
            else if (part.Kind == SqlPartKind.ParameterList) count += ((object?[])part.Value!).Length;
        }
        return count > dialect.MaxParameters;
    }

    /// <summary>
    /// True when the list at <paramref name="index"/> goes as one parameter; then <paramref name="opener"/> is the length of the
    /// <c>[NOT] IN (</c> ending the text before it and <paramref name="closer"/> that of the <c>)</c> starting the text after it,
    /// which the dialect's form replaces.
    /// </summary>
    public static bool IsSingle(SqlDialect dialect, List<SqlPart> parts, int index, bool pastLimit, out int opener, out int closer, out bool negated)
    {
        opener = closer = 0;
        negated = false;
        var binding = dialect.InListBinding;
        if (binding == InListBinding.Expanded || binding == InListBinding.SingleParameterPastLimit && !pastLimit) return false;
        if (((object?[])parts[index].Value!).Length == 0) return false;
        if (index == 0 || index + 1 >= parts.Count || parts[index - 1].Kind != SqlPartKind.Text || parts[index + 1].Kind != SqlPartKind.Text) return false;
        opener = OpenerLength(parts[index - 1].Text!, out negated);
        closer = CloserLength(parts[index + 1].Text!);
        return opener > 0 && closer > 0;
    }

    /// <summary>
    /// True when the list at <paramref name="index"/> stands inside the parentheses of an <c>IN (…)</c>, alone or among other values
    /// (<c>IN (1, {ids})</c>): the nearest unclosed <c>(</c> before it is preceded by the word <c>IN</c>. A list anywhere else is one
    /// array parameter where the dialect has arrays (<see cref="SqlDialect.SupportsArrays"/>), and refused where it has none.
    /// Parentheses inside quoted text between the <c>IN (</c> and the list are not told apart.
    /// </summary>
    public static bool IsInList(List<SqlPart> parts, int index)
    {
        var depth = 0;
        for (var p = index - 1; p >= 0; p--)
        {
            if (parts[p].Kind != SqlPartKind.Text) continue;
            var text = parts[p].Text!;
            for (var i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] == ')') depth++;
                else if (text[i] == '(' && depth-- == 0) return PrecededByIn(parts, p, i);
            }
        }
        return false;
    }

    /// <summary>True when the word before position <paramref name="at"/> of text part <paramref name="part"/> (spaces skipped, across text parts) is <c>IN</c>.</summary>
    private static bool PrecededByIn(List<SqlPart> parts, int part, int at)
    {
        Span<char> word = stackalloc char[3];
        var length = 0;
        var started = false;
        for (var p = part; p >= 0; p--)
        {
            if (parts[p].Kind != SqlPartKind.Text) return length == 2 && IsIn(word);
            var text = parts[p].Text!;
            for (var i = (p == part ? at : text.Length) - 1; i >= 0; i--)
            {
                var c = text[i];
                if (!started && c == '/' && i > 0 && text[i - 1] == '*')
                {
                    // A block comment between IN and its parenthesis: skip it.
                    var open = text.LastIndexOf("/*", i - 1, StringComparison.Ordinal);
                    if (open < 0) return false;
                    i = open;
                    continue;
                }
                if (!started && char.IsWhiteSpace(c)) continue;
                started = true;
                if (!SqlLexer.IsWordChar(c)) return length == 2 && IsIn(word);
                if (length == 2) return false;
                word[1 - length++] = c;
            }
        }
        return length == 2 && IsIn(word);
    }

    private static bool IsIn(ReadOnlySpan<char> word) => word[..2].Equals("IN", StringComparison.OrdinalIgnoreCase);

    /// <summary>The length of the <c>IN (</c> or <c>NOT IN (</c> (any case and spacing) that <paramref name="text"/> ends with, or 0.</summary>
    internal static int OpenerLength(string text, out bool negated)
    {
        negated = false;
        var i = SkipSpaceBack(text, text.Length);
        if (i == 0 || text[i - 1] != '(') return 0;
        i = SkipSpaceBack(text, i - 1);
        if (i < 2 || !text.AsSpan(i - 2, 2).Equals("IN", StringComparison.OrdinalIgnoreCase)) return 0;
        i -= 2;
        if (i > 0 && SqlLexer.IsWordChar(text[i - 1])) return 0;
        var start = i;
        var j = SkipSpaceBack(text, i);
        if (j < i && j >= 3 && text.AsSpan(j - 3, 3).Equals("NOT", StringComparison.OrdinalIgnoreCase) && (j == 3 || !SqlLexer.IsWordChar(text[j - 4])))
        {
            negated = true;
            start = j - 3;
        }
        return text.Length - start;
    }

    /// <summary>The length of the <c>)</c> (after any spaces) that <paramref name="text"/> starts with, or 0.</summary>
    internal static int CloserLength(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && text[i] == ')' ? i + 1 : 0;
    }

    private static int SkipSpaceBack(string text, int i)
    {
        while (i > 0 && char.IsWhiteSpace(text[i - 1])) i--;
        return i;
    }
}
