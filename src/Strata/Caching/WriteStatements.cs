using System.Collections.Frozen;
using Strata.Scripts;

namespace Strata.Caching;

/// <summary>
/// Names the tables SQL text writes, for the query cache's invalidation: per statement, the table after <c>INSERT [OR …]
/// [IGNORE] INTO</c>, <c>REPLACE [INTO]</c>, <c>UPDATE [ONLY]</c>, <c>DELETE FROM [ONLY]</c>, <c>MERGE INTO</c>,
/// <c>TRUNCATE [TABLE]</c> (each table listed), <c>ALTER TABLE</c>, <c>DROP TABLE [IF EXISTS]</c> (each listed),
/// <c>COPY … FROM</c> and <c>LOAD DATA … INTO TABLE</c>.
/// </summary>
/// <remarks>
/// Not a SQL parser: it skips what the dialect's <see cref="SqlLexicalRules"/> say is quoted or commented and reads the
/// words at the start of each statement. Statements that only read or change no rows (<c>SELECT</c>, <c>SET</c>,
/// <c>CREATE</c>, …) write nothing. It cannot name the target of a multi-table <c>UPDATE</c>/<c>DELETE</c> (MySQL's joins),
/// of a <c>WITH</c> that holds a write, or of anything else (<c>CALL</c>, <c>DO</c>, <c>EXECUTE</c>): for those it returns
/// null, and no cached result is invalidated. Triggers and foreign-key cascades are invisible to it too.
/// </remarks>
internal static class WriteStatements
{
    private static readonly FrozenSet<string> Silent = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "SELECT", "VALUES", "SHOW", "EXPLAIN", "SET", "PRAGMA", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
        "CREATE", "ANALYZE", "ANALYSE", "VACUUM", "GRANT", "REVOKE", "LOCK", "UNLOCK", "USE", "DESCRIBE", "DESC", "CHECKPOINT",
        "REINDEX", "OPTIMIZE", "LISTEN", "NOTIFY", "UNLISTEN", "DISCARD", "RESET", "COMMENT", "DECLARE", "FETCH", "CLOSE", "PREPARE",
        "DEALLOCATE", "FLUSH", "KILL", "ATTACH", "DETACH");

    private static readonly FrozenSet<string> WriteWords = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "TRUNCATE");

    /// <summary>Modifiers that may stand between the verb and the table (MySQL priorities, SQLite's OR clause, PostgreSQL's ONLY).</summary>
    private static readonly FrozenSet<string> Modifiers = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "QUICK", "ONLY", "OR", "REPLACE", "ABORT", "FAIL", "ROLLBACK", "TABLE",
        "IF", "EXISTS", "LOCAL", "CONCURRENT");

    /// <summary>The tables <paramref name="sql"/> writes (lower case, without schema), empty when it writes none, null when it writes where it cannot say.</summary>
    public static string[]? Find(string sql, SqlLexicalRules rules)
    {
        var tokens = Tokenize(sql, rules);
        List<string>? tables = null;
        var start = 0;
        while (start < tokens.Count)
        {
            var end = start;
            while (end < tokens.Count && tokens[end].Kind != TokenKind.Semicolon) end++;
            if (end > start && !Statement(tokens, start, end, ref tables)) return null;
            start = end + 1;
        }
        return tables is null ? [] : [.. tables];
    }

    /// <summary>Adds the tables one statement writes; false when it writes where this cannot say.</summary>
    private static bool Statement(List<Token> t, int start, int end, ref List<string>? tables)
    {
        var first = t[start];
        if (first.Kind != TokenKind.Word) return first.Kind == TokenKind.Open ? !HasWriteWord(t, start, end) : false;
        var verb = first.Text;
        if (Is(verb, "WITH")) return !HasWriteWord(t, start, end);
        if (Silent.Contains(verb)) return true;
        var i = start + 1;
        switch (verb.ToUpperInvariant())
        {
            case "INSERT":
            case "REPLACE":
                i = SkipModifiers(t, i, end);
                if (i < end && Is(t[i], "INTO")) i++;
                return Name(t, i, end, ref tables, list: false);
            case "UPDATE":
                i = SkipModifiers(t, i, end);
                var after = NameEnd(t, i, end);
                if (after < 0) return false;
                // UPDATE a, b SET … or UPDATE a JOIN b … SET: several tables, which this does not sort out.
                var next = after + SkipAlias(t, after, end, "SET");
                if (next >= end || !Is(t[next], "SET")) return false;
                return Name(t, i, end, ref tables, list: false);
            case "DELETE":
                i = SkipModifiers(t, i, end);
                if (i >= end || !Is(t[i], "FROM")) return false;
                i = SkipModifiers(t, i + 1, end);
                var deleteEnd = NameEnd(t, i, end);
                if (deleteEnd < 0) return false;
                var rest = deleteEnd + SkipAlias(t, deleteEnd, end, "WHERE");
                // MySQL's DELETE FROM a, b USING … and DELETE FROM a JOIN …: several tables.
                if (rest < end && (t[rest].Kind == TokenKind.Comma || Is(t[rest], "JOIN") || Is(t[rest], "INNER") || Is(t[rest], "LEFT"))) return false;
                return Name(t, i, end, ref tables, list: false);
            case "MERGE":
                if (i >= end || !Is(t[i], "INTO")) return false;
                return Name(t, i + 1, end, ref tables, list: false);
            case "TRUNCATE":
                return Name(t, SkipModifiers(t, i, end), end, ref tables, list: true);
            case "ALTER":
                if (i >= end || !Is(t[i], "TABLE")) return true;
                return Name(t, SkipModifiers(t, i + 1, end), end, ref tables, list: false);
            case "DROP":
                if (i >= end || !Is(t[i], "TABLE")) return true;
                return Name(t, SkipModifiers(t, i + 1, end), end, ref tables, list: true);
            case "RENAME":
                if (i >= end || !Is(t[i], "TABLE")) return false;
                return Name(t, i + 1, end, ref tables, list: false);
            case "COPY":
                for (var k = i; k < end; k++)
                {
                    if (Is(t[k], "FROM")) return Name(t, i, end, ref tables, list: false);
                    if (Is(t[k], "TO")) return true;
                }
                return false;
            case "LOAD":
                for (var k = i; k + 2 < end; k++)
                {
                    if (Is(t[k], "INTO") && Is(t[k + 1], "TABLE")) return Name(t, k + 2, end, ref tables, list: false);
                }
                return false;
            default:
                return false;
        }
    }

    private static bool HasWriteWord(List<Token> t, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (t[i].Kind == TokenKind.Word && WriteWords.Contains(t[i].Text)) return true;
        }
        return false;
    }

    private static int SkipModifiers(List<Token> t, int i, int end)
    {
        while (i < end && t[i].Kind == TokenKind.Word && Modifiers.Contains(t[i].Text)) i++;
        return i;
    }

    /// <summary>How many tokens an optional alias (<c>[AS] x</c>) takes before <paramref name="keyword"/>.</summary>
    private static int SkipAlias(List<Token> t, int i, int end, string keyword)
    {
        if (i < end && Is(t[i], "AS")) return i + 1 < end ? 2 : 1;
        if (i < end && t[i].Kind is TokenKind.Word or TokenKind.Quoted && !Is(t[i], keyword) && !Is(t[i], "JOIN") && !Is(t[i], "USING")) return 1;
        return 0;
    }

    /// <summary>Where the (possibly qualified) name starting at <paramref name="i"/> ends, or -1 when there is none.</summary>
    private static int NameEnd(List<Token> t, int i, int end)
    {
        if (i >= end || t[i].Kind is not (TokenKind.Word or TokenKind.Quoted)) return -1;
        i++;
        while (i + 1 < end && t[i].Kind == TokenKind.Dot && t[i + 1].Kind is TokenKind.Word or TokenKind.Quoted) i += 2;
        return i;
    }

    private static bool Name(List<Token> t, int i, int end, ref List<string>? tables, bool list)
    {
        while (true)
        {
            var nameEnd = NameEnd(t, i, end);
            if (nameEnd < 0) return false;
            var name = TableNames.Normalize(t[nameEnd - 1].Text);
            tables ??= [];
            if (!tables.Contains(name)) tables.Add(name);
            if (!list || nameEnd >= end || t[nameEnd].Kind != TokenKind.Comma) return true;
            i = nameEnd + 1;
        }
    }

    private static bool Is(Token token, string word) => token.Kind == TokenKind.Word && Is(token.Text, word);

    private static bool Is(string text, string word) => string.Equals(text, word, StringComparison.OrdinalIgnoreCase);

    private enum TokenKind : byte { Word, Quoted, Dot, Comma, Semicolon, Open, Other }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string sql, SqlLexicalRules rules)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (SqlLexer.CommentEnd(sql, i, rules) is var commentEnd && commentEnd > i) { i = commentEnd; continue; }
            if (SqlLexer.IsWordStart(c))
            {
                var wordEnd = i + 1;
                while (wordEnd < sql.Length && SqlLexer.IsWordChar(sql[wordEnd])) wordEnd++;
                tokens.Add(new Token(TokenKind.Word, sql[i..wordEnd]));
                i = wordEnd;
                continue;
            }
            switch (c)
            {
                case ';': tokens.Add(new Token(TokenKind.Semicolon, ";")); i++; continue;
                case '.': tokens.Add(new Token(TokenKind.Dot, ".")); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",")); i++; continue;
                case '(': tokens.Add(new Token(TokenKind.Open, "(")); i++; continue;
            }
            var quotedEnd = SqlLexer.QuotedEnd(sql, i, rules);
            if (quotedEnd > i)
            {
                var identifier = c is '"' or '`' or '[';
                tokens.Add(new Token(identifier ? TokenKind.Quoted : TokenKind.Other, sql[i..quotedEnd]));
                i = quotedEnd;
                continue;
            }
            tokens.Add(new Token(TokenKind.Other, c.ToString()));
            i++;
        }
        return tokens;
    }
}
