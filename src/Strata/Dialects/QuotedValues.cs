using System.Collections.Frozen;
using System.Text;

namespace Strata.Dialects;

/// <summary>
/// Finds the values a database quotes in its error texts and replaces them with <see cref="Mask"/>, for
/// <see cref="SqlDialect.RedactValues"/>. A quoted text counts as an identifier (and is kept) only when the word before it
/// says so (<c>column "email"</c>, <c>for key 'users_email'</c>); everything else quoted is taken for a value, so a text
/// the rules do not know loses its quoted parts rather than leaking them. A quote between two letters is an apostrophe
/// (<c>doesn't</c>), not the start or end of a quoted text.
/// </summary>
/// <remarks>Thread-safe; allocates only when it changes the text.</remarks>
public static class QuotedValues
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// Replaces every text between two <paramref name="quote"/> characters with <see cref="Mask"/>, unless the word just
    /// before the opening quote is one of <paramref name="identifierWords"/>. A quote left open runs to the end of its line.
    /// </summary>
    /// <param name="text">The error text.</param>
    /// <param name="quote">The quote character values are written in (<c>'</c> or <c>"</c>).</param>
    /// <param name="identifierWords">Words (compared without case) after which a quoted text is a name, not a value.</param>
    /// <returns>The text with its values masked; the same instance when there was nothing to mask.</returns>
    public static string Redact(string text, char quote, FrozenSet<string> identifierWords)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(identifierWords);
        var open = NextQuote(text, quote, 0);
        if (open < 0) return text;
        var builder = new StringBuilder(text.Length);
        var copied = 0;
        while (open >= 0)
        {
            var close = NextQuote(text, quote, open + 1);
            var lineEnd = text.IndexOf('\n', open + 1);
            var unterminated = close < 0 || (lineEnd >= 0 && lineEnd < close);
            var end = unterminated ? (lineEnd < 0 ? text.Length : lineEnd) : close + 1;
            if (!IsIdentifier(text, open, identifierWords) && !IsMask(text, open, quote))
            {
                builder.Append(text, copied, open - copied).Append(quote).Append(Mask);
                if (!unterminated) builder.Append(quote);
                copied = end;
            }
            open = end < text.Length ? NextQuote(text, quote, end) : -1;
        }
        if (copied == 0) return text;
        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The next quote from <paramref name="start"/> that is not an apostrophe inside a word (<c>doesn't</c>, <c>it's</c>):
    /// those neither open nor close a quoted text.
    /// </summary>
    private static int NextQuote(string text, char quote, int start)
    {
        for (var at = text.IndexOf(quote, start); at >= 0; at = at + 1 < text.Length ? text.IndexOf(quote, at + 1) : -1)
        {
            if (at == 0 || at + 1 >= text.Length || !char.IsLetter(text[at - 1]) || !char.IsLetter(text[at + 1])) return at;
        }
        return -1;
    }

    /// <summary>Makes the set of identifier words <see cref="Redact"/> takes.</summary>
    /// <param name="words">The words.</param>
    public static FrozenSet<string> Words(params string[] words) => words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static bool IsMask(string text, int open, char quote) =>
        string.CompareOrdinal(text, open + 1, Mask, 0, Mask.Length) == 0
        && open + 1 + Mask.Length < text.Length && text[open + 1 + Mask.Length] == quote;

    /// <summary>True when the word before the quote at <paramref name="open"/> (skipping spaces) names an identifier.</summary>
    private static bool IsIdentifier(string text, int open, FrozenSet<string> words)
    {
        var end = open;
        while (end > 0 && text[end - 1] == ' ') end--;
        // user@'host': the host part of an account name.
        if (end > 0 && text[end - 1] == '@' && end == open) return true;
        var start = end;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '_')) start--;
        return start < end && words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(start, end - start));
    }
}
