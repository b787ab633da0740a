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
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (SqlLexer.CommentEnd(sql, i, rules) is var commentEnd && commentEnd > i) { i = commentEnd; continue; }
            if (c == ';') { atStart = true; i++; continue; }
            if (atStart && c == '(') { i++; continue; }
            if (SqlLexer.IsWordStart(c))
            {
                var end = i + 1;
                while (end < sql.Length && SqlLexer.IsWordChar(sql[end])) end++;
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
                i = end;
                continue;
            }
            if (atStart) return false;
            var quotedEnd = SqlLexer.QuotedEnd(sql, i, rules);
            i = quotedEnd > i ? quotedEnd : i + 1;
        }
        return sawStatement;
    }
}
