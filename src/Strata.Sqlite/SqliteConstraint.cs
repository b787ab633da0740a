namespace Strata.Sqlite;

/// <summary>
/// One constraint found in a CREATE TABLE body: a table constraint (<c>CONSTRAINT n UNIQUE (a, b)</c>) or one
/// clause of a column definition (<c>NOT NULL</c>, <c>DEFAULT 0</c>, <c>CONSTRAINT n CHECK (…)</c>).
/// </summary>
internal sealed class SqliteConstraint
{
    private readonly string _source;
    private readonly IReadOnlyList<SqliteToken> _tokens;
    private readonly int _body;

    /// <param name="source">The text the tokens were read from.</param>
    /// <param name="tokens">The significant tokens of the whole item.</param>
    /// <param name="first">The first token of this constraint (its CONSTRAINT keyword when named).</param>
    /// <param name="last">Its last token.</param>
    /// <param name="kind">What it is.</param>
    /// <param name="name">The name after CONSTRAINT, or null.</param>
    /// <param name="body">The token of the keyword that says what it is (after CONSTRAINT name).</param>
    public SqliteConstraint(string source, IReadOnlyList<SqliteToken> tokens, int first, int last, SqliteConstraintKind kind, string? name, int body)
    {
        _source = source;
        _tokens = tokens;
        _body = body;
        First = first;
        Last = last;
        Kind = kind;
        Name = name;
        Text = source[tokens[first].Start..tokens[last].End];
    }

    /// <summary>What it is.</summary>
    public SqliteConstraintKind Kind { get; }

    /// <summary>The name given with CONSTRAINT, or null.</summary>
    public string? Name { get; }

    /// <summary>Its text exactly as written (comments inside it included).</summary>
    public string Text { get; }

    /// <summary>The index of its first token in the item's tokens.</summary>
    public int First { get; }

    /// <summary>The index of its last token in the item's tokens.</summary>
    public int Last { get; }

    /// <summary>
    /// The columns of a table PRIMARY KEY, UNIQUE or FOREIGN KEY (from its column list); empty for a column's
    /// own constraints, which are about that column.
    /// </summary>
    public IReadOnlyList<string> Columns => ColumnGroup is { } g ? SqliteTokens.ColumnNames(_tokens, g.Open, g.Close) : [];

    /// <summary>The table a foreign key references, or null.</summary>
    public string? ReferencedTable => ReferencesIndex is { } r && r + 1 <= Last && _tokens[r + 1].IsName ? _tokens[r + 1].Name : null;

    /// <summary>The referenced columns of a foreign key; empty when it names none (the parent's primary key).</summary>
    public IReadOnlyList<string> ReferencedColumns => ReferencedGroup is { } g ? SqliteTokens.ColumnNames(_tokens, g.Open, g.Close) : [];

    /// <summary>True for a column's <c>PRIMARY KEY DESC</c>, which keeps SQLite from making an INTEGER column the rowid.</summary>
    public bool IsDescending => Kind == SqliteConstraintKind.PrimaryKey && Enumerable.Range(_body, Last - _body + 1).Any(i => _tokens[i].IsKeyword("DESC"));

    /// <summary>The text inside the parentheses of a CHECK or generated column, or after DEFAULT; null for other kinds.</summary>
    public string? Expression()
    {
        if (Kind == SqliteConstraintKind.Default)
            return _body + 1 <= Last ? _source[_tokens[_body + 1].Start.._tokens[Last].End] : null;
        if (Kind is not (SqliteConstraintKind.Check or SqliteConstraintKind.Generated)) return null;
        var group = SqliteTokens.ParenGroup(_tokens, _body);
        if (group is not { } g || g.Close > Last || g.Close == g.Open + 1) return null;
        return _source[_tokens[g.Open + 1].Start.._tokens[g.Close - 1].End];
    }

    /// <summary>
    /// The tokens of this constraint that name columns of <paramref name="table"/>: those in its column list,
    /// CHECK or generated expression, a parenthesised DEFAULT, and the referenced columns of a foreign key
    /// to the table itself.
    /// </summary>
    public IEnumerable<SqliteToken> ColumnReferences(string table)
    {
        switch (Kind)
        {
            case SqliteConstraintKind.PrimaryKey or SqliteConstraintKind.Unique:
                return ColumnGroup is { } g ? SqliteTokens.ColumnListReferences(_tokens, g.Open, g.Close) : [];
            case SqliteConstraintKind.ForeignKey:
                var own = ColumnGroup is { } local ? SqliteTokens.ColumnListReferences(_tokens, local.Open, local.Close) : [];
                var self = ReferencedTable is { } parent && string.Equals(ConstraintTable(parent), ConstraintTable(table), StringComparison.OrdinalIgnoreCase)
                    && ReferencedGroup is { } rg ? SqliteTokens.ColumnListReferences(_tokens, rg.Open, rg.Close) : [];
                return own.Concat(self);
            case SqliteConstraintKind.Check or SqliteConstraintKind.Generated or SqliteConstraintKind.Default:
                return SqliteTokens.ParenGroup(_tokens, _body) is { } e && e.Close <= Last
                    ? SqliteTokens.ExpressionReferences(_tokens, e.Open + 1, e.Close - 1)
                    : [];
            default:
                return [];
        }
    }

    private static string ConstraintTable(string name) => Schema.ConstraintNames.Unqualified(name);

    // The column list of a table PRIMARY KEY / UNIQUE / FOREIGN KEY: the parentheses right after the keywords.
    private (int Open, int Close)? ColumnGroup
    {
        get
        {
            if (Kind is not (SqliteConstraintKind.PrimaryKey or SqliteConstraintKind.Unique or SqliteConstraintKind.ForeignKey)) return null;
            var end = ReferencesIndex ?? Last + 1;
            for (var i = _body + 1; i < end; i++)
            {
                if (!_tokens[i].Is('(')) continue;
                var close = SqliteTokens.MatchingParen(_tokens, i);
                return close > 0 && close < end ? (i, close) : null;
            }
            return null;
        }
    }

    private int? ReferencesIndex
    {
        get
        {
            if (Kind != SqliteConstraintKind.ForeignKey) return null;
            for (var i = _body; i <= Last; i++)
            {
                if (_tokens[i].IsKeyword("REFERENCES")) return i;
            }
            return null;
        }
    }

    private (int Open, int Close)? ReferencedGroup
    {
        get
        {
            if (ReferencesIndex is not { } r || r + 2 > Last || !_tokens[r + 2].Is('(')) return null;
            var close = SqliteTokens.MatchingParen(_tokens, r + 2);
            return close > 0 && close <= Last ? (r + 2, close) : null;
        }
    }
}
