using System.Text;
using Strata.Dialects;
using Strata.Scripts;

namespace Strata.Diagnostics;

/// <summary>
/// The shape of a statement for statistics and events: the SQL as sent (values are already placeholders), with every
/// <c>IN (…)</c> list of placeholders written as one placeholder and <c>...</c>, and the placeholders after it renumbered,
/// so that <c>id IN (@p0, @p1)</c> and <c>id IN (@p0, @p1, @p2)</c> count as one statement.
/// </summary>
/// <remarks>Thread-safe. A statement without such a list comes back as the same string, without allocating.</remarks>
internal static class StatementShape
{
    public static string Normalize(string sql, SqlDialect dialect)
    {
        // Most statements have no IN list: a vectorised search settles them.
        if (!sql.Contains("IN (", StringComparison.OrdinalIgnoreCase) && !sql.Contains("IN(", StringComparison.OrdinalIgnoreCase)) return sql;
        StringBuilder? builder = null;
        var copied = 0;
        var placeholders = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (SqlLexer.QuotedEnd(sql, i, dialect.LexicalRules) is var quoted && quoted > i)
            {
                i = quoted;
                continue;
            }
            if (IsWordChar(c) && !(c is 'I' or 'i'))
            {
                i++;
                continue;
            }
            if (!IsWordChar(c) && !char.IsWhiteSpace(c) && dialect.MatchParameterPlaceholder(sql.AsSpan(i)) is var length and > 0)
            {
                if (builder is not null)
                {
                    builder.Append(sql, copied, i - copied);
                    dialect.AppendParameterPlaceholder(builder, placeholders);
                    copied = i + length;
                }
                placeholders++;
                i += length;
                continue;
            }
            if (c is 'I' or 'i' && InList(sql, i, dialect) is var end and > 0)
            {
                builder ??= new StringBuilder(sql.Length);
                builder.Append(sql, copied, i - copied).Append(sql, i, 2).Append(" (");
                dialect.AppendParameterPlaceholder(builder, placeholders);
                builder.Append(", ...)");
                placeholders++;
                copied = i = end;
                continue;
            }
            i++;
        }
        if (builder is null) return sql;
        return builder.Append(sql, copied, sql.Length - copied).ToString();
    }

    /// <summary>Where <c>IN (placeholder, …)</c> starting at <paramref name="start"/> ends (after its parenthesis), or 0 when none starts there.</summary>
    private static int InList(string sql, int start, SqlDialect dialect)
    {
        if (start + 2 >= sql.Length || sql[start + 1] is not ('N' or 'n')) return 0;
        if (start > 0 && IsWordChar(sql[start - 1]) || IsWordChar(sql[start + 2])) return 0;
        var i = SkipSpace(sql, start + 2);
        if (i >= sql.Length || sql[i] != '(') return 0;
        while (true)
        {
            i = SkipSpace(sql, i + 1);
            var length = i < sql.Length ? dialect.MatchParameterPlaceholder(sql.AsSpan(i)) : 0;
            if (length == 0) return 0;
            i = SkipSpace(sql, i + length);
            if (i >= sql.Length) return 0;
            if (sql[i] == ')') return i + 1;
            if (sql[i] != ',') return 0;
        }
    }

    private static int SkipSpace(string sql, int i)
    {
        while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
        return i;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
