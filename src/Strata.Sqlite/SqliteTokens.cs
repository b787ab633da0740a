namespace Strata.Sqlite;

/// <summary>Small searches over lists of significant tokens (no trivia), shared by the DDL splitter and the index reader.</summary>
internal static class SqliteTokens
{
    /// <summary>The index of the <c>)</c> that closes the <c>(</c> at <paramref name="open"/>, or -1 when it never closes.</summary>
    public static int MatchingParen(IReadOnlyList<SqliteToken> tokens, int open)
    {
        var depth = 0;
        for (var i = open; i < tokens.Count; i++)
        {
            if (tokens[i].Is('(')) depth++;
            else if (tokens[i].Is(')') && --depth == 0) return i;
        }
        return -1;
    }

    /// <summary>The first <c>(</c> at or after <paramref name="from"/> and its closing <c>)</c>, or null.</summary>
    public static (int Open, int Close)? ParenGroup(IReadOnlyList<SqliteToken> tokens, int from)
    {
        for (var i = from; i < tokens.Count; i++)
        {
            if (!tokens[i].Is('(')) continue;
            var close = MatchingParen(tokens, i);
            return close < 0 ? null : (i, close);
        }
        return null;
    }

    /// <summary>The index of the first bare <paramref name="keyword"/> outside parentheses at or after <paramref name="from"/>, or -1.</summary>
    public static int KeywordAtTopLevel(IReadOnlyList<SqliteToken> tokens, string keyword, int from = 0)
    {
        var depth = 0;
        for (var i = from; i < tokens.Count; i++)
        {
            if (tokens[i].Is('(')) depth++;
            else if (tokens[i].Is(')')) depth--;
            else if (depth == 0 && tokens[i].IsKeyword(keyword)) return i;
        }
        return -1;
    }

    /// <summary>The parts between top-level commas of the tokens strictly between <paramref name="open"/> and <paramref name="close"/>, as index ranges.</summary>
    public static List<(int First, int Last)> ListParts(IReadOnlyList<SqliteToken> tokens, int open, int close)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = open + 1;
        for (var i = open + 1; i < close; i++)
        {
            if (tokens[i].Is('(')) depth++;
            else if (tokens[i].Is(')')) depth--;
            else if (depth == 0 && tokens[i].Is(','))
            {
                if (i > start) parts.Add((start, i - 1));
                start = i + 1;
            }
        }
        if (close > start) parts.Add((start, close - 1));
        return parts;
    }

    /// <summary>The names at the head of each part of a column list such as <c>(a, "b" COLLATE nocase, c DESC)</c>.</summary>
    public static List<string> ColumnNames(IReadOnlyList<SqliteToken> tokens, int open, int close) =>
        [.. ListParts(tokens, open, close).Where(p => tokens[p.First].IsName).Select(p => tokens[p.First].Name!)];

    /// <summary>
    /// The tokens of a column list that name columns: the head of each part (an expression part contributes
    /// its column references instead).
    /// </summary>
    public static IEnumerable<SqliteToken> ColumnListReferences(IReadOnlyList<SqliteToken> tokens, int open, int close)
    {
        foreach (var (first, last) in ListParts(tokens, open, close))
        {
            if (tokens[first].IsName && IsOrderingTail(tokens, first + 1, last))
            {
                // "a", "a COLLATE nocase DESC": the head names the column.
                yield return tokens[first];
                continue;
            }
            foreach (var token in ExpressionReferences(tokens, first, last)) yield return token;
        }
    }

    /// <summary>
    /// The tokens of an expression that may name a column: bare words and quoted identifiers, without function
    /// names (a word before <c>(</c>), table qualifiers (a word before <c>.</c>), string literals, or the words
    /// SQLite reserves (which a column name cannot be without quotes).
    /// </summary>
    public static IEnumerable<SqliteToken> ExpressionReferences(IReadOnlyList<SqliteToken> tokens, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            var before = i + 1 <= last ? tokens[i + 1] : default;
            if (before.Is('.')) continue;
            if (token.Kind == SqliteTokenKind.QuotedIdentifier) yield return token;
            else if (token.Kind == SqliteTokenKind.Word && !IsReserved(token.Text) && !before.Is('(')) yield return token;
        }
    }

    private static bool IsOrderingTail(IReadOnlyList<SqliteToken> tokens, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            var t = tokens[i];
            if (t.IsKeyword("ASC") || t.IsKeyword("DESC")) continue;
            if (t.IsKeyword("COLLATE") && i + 1 <= last && tokens[i + 1].IsName)
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    // Words of SQLite's grammar that cannot stand bare for a column name inside an expression.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ALL", "ALTER", "AND", "AS", "AUTOINCREMENT", "BETWEEN", "CASE", "CHECK", "COLLATE", "COMMIT", "CONSTRAINT",
        "CREATE", "DEFAULT", "DEFERRABLE", "DELETE", "DISTINCT", "DROP", "ELSE", "ESCAPE", "EXCEPT", "EXISTS", "FOREIGN",
        "FROM", "GLOB", "GROUP", "HAVING", "IN", "INDEX", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LIKE",
        "LIMIT", "MATCH", "NOT", "NOTHING", "NOTNULL", "NULL", "ON", "OR", "ORDER", "PRIMARY", "REFERENCES", "REGEXP",
        "SELECT", "SET", "TABLE", "THEN", "TO", "TRANSACTION", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "WHEN",
        "WHERE", "CAST", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    };

    /// <summary>True for a word SQLite reserves in expressions.</summary>
    public static bool IsReserved(string word) => Reserved.Contains(word);
}
