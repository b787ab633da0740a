namespace Strata.Sqlite;

/// <summary>
/// The CREATE INDEX text SQLite keeps in <c>sqlite_schema</c>, read with the same lexer as the table splitter:
/// its column list and the WHERE condition of a partial index.
/// </summary>
internal sealed class SqliteIndexText
{
    private readonly List<SqliteToken> _tokens;
    private readonly int _open;
    private readonly int _close;
    private readonly int _where;

    private SqliteIndexText(string sql, List<SqliteToken> tokens, int open, int close, int where)
    {
        Sql = sql;
        _tokens = tokens;
        _open = open;
        _close = close;
        _where = where;
    }

    /// <summary>The CREATE INDEX statement.</summary>
    public string Sql { get; }

    /// <summary>Each indexed column or expression as written.</summary>
    public IReadOnlyList<string> Columns =>
        [.. SqliteTokens.ListParts(_tokens, _open, _close).Select(p => Sql[_tokens[p.First].Start.._tokens[p.Last].End])];

    /// <summary>The condition of a partial index as written, or null.</summary>
    public string? Filter => _where < 0 || _where + 1 >= _tokens.Count ? null : Sql[_tokens[_where + 1].Start.._tokens[^1].End].Trim(SqliteLexer.Whitespace);

    /// <summary>The tokens that name columns of the indexed table: in the column list and the WHERE condition.</summary>
    public IEnumerable<SqliteToken> ColumnReferences() =>
        SqliteTokens.ColumnListReferences(_tokens, _open, _close)
            .Concat(_where < 0 ? [] : SqliteTokens.ExpressionReferences(_tokens, _where + 1, _tokens.Count - 1));

    /// <summary>True when the index names <paramref name="column"/>.</summary>
    public bool Mentions(string column) => ColumnReferences().Any(t => t.Names(column));

    /// <summary>The statement with every token of <paramref name="tokens"/> written as <paramref name="replacement"/>.</summary>
    public string Replace(IEnumerable<SqliteToken> tokens, string replacement)
    {
        var text = Sql;
        foreach (var token in tokens.Distinct().OrderByDescending(t => t.Start))
            text = text[..token.Start] + replacement + text[token.End..];
        return text;
    }

    /// <summary>Reads <paramref name="sql"/>, or returns null when it is not a CREATE INDEX with a column list.</summary>
    public static SqliteIndexText? TryParse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var all = SqliteLexer.Tokenize(sql);
        if (all.Any(t => t.Kind == SqliteTokenKind.Unterminated)) return null;
        var tokens = all.Where(t => !t.IsTrivia).ToList();
        if (tokens.Count == 0 || !tokens[0].IsKeyword("CREATE")) return null;
        var on = SqliteTokens.KeywordAtTopLevel(tokens, "ON");
        if (on < 0) return null;
        var open = on + 2;
        if (open + 1 < tokens.Count && tokens[on + 2].Is('.')) open = on + 4;
        if (open >= tokens.Count || !tokens[open].Is('(')) return null;
        var close = SqliteTokens.MatchingParen(tokens, open);
        if (close < 0) return null;
        return new SqliteIndexText(sql, tokens, open, close, SqliteTokens.KeywordAtTopLevel(tokens, "WHERE", close + 1));
    }
}
