namespace Strata.Sqlite;

/// <summary>
/// One top-level item of a CREATE TABLE body: a column definition with its constraints, or one table
/// constraint. Keeps its text exactly as written so a rebuilt table can carry it over unchanged.
/// </summary>
internal sealed class SqliteTableItem
{
    // Words that end a column's type name and start one of its constraints.
    private static readonly HashSet<string> ColumnConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    };

    private readonly string _source;

    /// <param name="source">The text the tokens were read from.</param>
    /// <param name="text">The item's text, trimmed of surrounding whitespace.</param>
    /// <param name="start">Where <paramref name="text"/> starts in <paramref name="source"/>.</param>
    /// <param name="tokens">The item's significant tokens (at least one).</param>
    public SqliteTableItem(string source, string text, int start, IReadOnlyList<SqliteToken> tokens)
    {
        _source = source;
        Text = text;
        Start = start;
        Tokens = tokens;
        var head = tokens[0];
        IsColumn = !(head.IsKeyword("CONSTRAINT") || head.IsKeyword("PRIMARY") || head.IsKeyword("UNIQUE") || head.IsKeyword("CHECK") || head.IsKeyword("FOREIGN"));
        if (IsColumn)
        {
            if (!head.IsName) throw new FormatException($"A column definition must start with its name, not '{head.Text}'.");
            ColumnName = head.Name;
            var typeEnd = 1;
            var depth = 0;
            while (typeEnd < tokens.Count && !(depth == 0 && StartsColumnConstraint(typeEnd)))
            {
                if (tokens[typeEnd].Is('(')) depth++;
                else if (tokens[typeEnd].Is(')')) depth--;
                typeEnd++;
            }
            TypeName = typeEnd > 1 ? source[tokens[1].Start..tokens[typeEnd - 1].End] : null;
            Constraints = Segment(typeEnd, StartsColumnConstraint, ColumnKind);
        }
        else
        {
            // SQLite lets table constraints follow each other without commas; SqliteTableText splits such an
            // item into one item per constraint.
            Constraints = Segment(0, StartsTableConstraint, TableKind);
        }
    }

    /// <summary>The item's text exactly as written, without surrounding whitespace (comments kept).</summary>
    public string Text { get; }

    /// <summary>Where <see cref="Text"/> starts in the table's SQL.</summary>
    public int Start { get; }

    /// <summary>The significant tokens (offsets are in the table's SQL).</summary>
    public IReadOnlyList<SqliteToken> Tokens { get; }

    /// <summary>True for a column definition, false for a table constraint.</summary>
    public bool IsColumn { get; }

    /// <summary>The column's name (unquoted), or null for a table constraint.</summary>
    public string? ColumnName { get; }

    /// <summary>The column's declared type as written, or null when it has none (or for a table constraint).</summary>
    public string? TypeName { get; }

    /// <summary>A column's constraints in order, or the one table constraint.</summary>
    public IReadOnlyList<SqliteConstraint> Constraints { get; }

    /// <summary>The table constraint this item is (the first, while SqliteTableText has not split a comma-less run), or null for a column.</summary>
    public SqliteConstraint? TableConstraint => IsColumn ? null : Constraints[0];

    /// <summary>True for a generated column, which INSERT cannot write.</summary>
    public bool IsGenerated => IsColumn && Constraints.Any(c => c.Kind == SqliteConstraintKind.Generated);

    /// <summary>The text to write back into a CREATE TABLE: <see cref="Text"/>, with a line break when it ends in a <c>--</c> comment.</summary>
    public string Render() => Render(Text);

    /// <summary>
    /// The tokens of this item that name columns of <paramref name="table"/> (a column's own name excluded):
    /// column lists, CHECK and generated expressions, and the referenced columns of a foreign key to the table itself.
    /// </summary>
    public IEnumerable<SqliteToken> ColumnReferences(string table) => Constraints.SelectMany(c => c.ColumnReferences(table));

    /// <summary>True when the item names <paramref name="column"/> of <paramref name="table"/> somewhere other than as its own name.</summary>
    public bool Mentions(string table, string column) => ColumnReferences(table).Any(t => t.Names(column));

    /// <summary>The text of the item without the column constraint <paramref name="constraint"/>.</summary>
    public string Without(SqliteConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        var from = Tokens[constraint.First].Start - Start;
        var to = Tokens[constraint.Last].End - Start;
        var rest = Text[to..].TrimStart(SqliteLexer.Whitespace);
        // A "--" comment before the removed clause must keep its line break, or it would swallow the rest.
        var head = Render(Text[..from].TrimEnd(SqliteLexer.Whitespace));
        return rest.Length == 0 ? head.TrimEnd(SqliteLexer.Whitespace) : head + (head.EndsWith('\n') ? "" : " ") + rest;
    }

    /// <summary>
    /// The item's text with every token of <paramref name="tokens"/> (tokens of this item) written as
    /// <paramref name="replacement"/>.
    /// </summary>
    public string Replace(IEnumerable<SqliteToken> tokens, string replacement)
    {
        var text = Text;
        foreach (var token in tokens.Distinct().OrderByDescending(t => t.Start))
        {
            var at = token.Start - Start;
            text = text[..at] + replacement + text[(at + token.Text.Length)..];
        }
        return text;
    }

    /// <summary><paramref name="text"/> ready to be followed by more SQL: a trailing <c>--</c> comment gets its line break back.</summary>
    public static string Render(string text)
    {
        var tokens = SqliteLexer.Tokenize(text);
        return tokens.Count > 0 && tokens[^1].Kind == SqliteTokenKind.LineComment ? text + "\n" : text;
    }

    private List<SqliteConstraint> Segment(int from, Func<int, bool> starts, Func<int, SqliteConstraintKind> kindAt)
    {
        var result = new List<SqliteConstraint>();
        var i = from;
        while (i < Tokens.Count)
        {
            var first = i;
            string? name = null;
            if (Tokens[i].IsKeyword("CONSTRAINT"))
            {
                if (i + 1 >= Tokens.Count || !Tokens[i + 1].IsName) throw new FormatException("CONSTRAINT must be followed by a name.");
                name = Tokens[i + 1].Name;
                i += 2;
            }
            var body = i;
            if (i >= Tokens.Count || Tokens[i].IsKeyword("CONSTRAINT"))
            {
                result.Add(new SqliteConstraint(_source, Tokens, first, i - 1, SqliteConstraintKind.NameOnly, name, i - 1));
                continue;
            }
            var kind = kindAt(i++);
            var depth = 0;
            while (i < Tokens.Count && !(depth == 0 && i > body && starts(i)))
            {
                if (Tokens[i].Is('(')) depth++;
                else if (Tokens[i].Is(')')) depth--;
                i++;
            }
            result.Add(new SqliteConstraint(_source, Tokens, first, i - 1, kind, name, body));
        }
        return result;
    }

    private bool StartsColumnConstraint(int i)
    {
        var token = Tokens[i];
        if (token.Kind != SqliteTokenKind.Word || !ColumnConstraintWords.Contains(token.Text)) return false;
        var previous = i > 0 ? Tokens[i - 1] : default;
        if (token.IsKeyword("NOT")) return i + 1 < Tokens.Count && Tokens[i + 1].IsKeyword("NULL");
        // "ON DELETE SET NULL", "NOT NULL", "DEFAULT NULL" and "SET DEFAULT" continue the clause before them.
        if (token.IsKeyword("NULL"))
            return !(previous.IsKeyword("NOT") || previous.IsKeyword("SET") || (previous.IsKeyword("DEFAULT") && !(i >= 2 && Tokens[i - 2].IsKeyword("SET"))));
        if (token.IsKeyword("DEFAULT")) return !previous.IsKeyword("SET");
        if (token.IsKeyword("AS")) return !previous.IsKeyword("ALWAYS");
        // The name after CONSTRAINT never starts anything.
        return !previous.IsKeyword("CONSTRAINT") || token.IsKeyword("CONSTRAINT");
    }

    private SqliteConstraintKind ColumnKind(int i) => Tokens[i].Text.ToUpperInvariant() switch
    {
        "PRIMARY" => SqliteConstraintKind.PrimaryKey,
        "NOT" => SqliteConstraintKind.NotNull,
        "NULL" => SqliteConstraintKind.Null,
        "UNIQUE" => SqliteConstraintKind.Unique,
        "CHECK" => SqliteConstraintKind.Check,
        "DEFAULT" => SqliteConstraintKind.Default,
        "COLLATE" => SqliteConstraintKind.Collate,
        "REFERENCES" => SqliteConstraintKind.ForeignKey,
        "GENERATED" or "AS" => SqliteConstraintKind.Generated,
        _ => throw new FormatException($"Unexpected '{Tokens[i].Text}' in the definition of column '{ColumnName}'."),
    };

    private bool StartsTableConstraint(int i)
    {
        var token = Tokens[i];
        if (token.IsKeyword("CONSTRAINT")) return true;
        if (!(token.IsKeyword("PRIMARY") || token.IsKeyword("UNIQUE") || token.IsKeyword("CHECK") || token.IsKeyword("FOREIGN"))) return false;
        // "CONSTRAINT n UNIQUE": the keyword after a name belongs to that name.
        return !(i >= 2 && Tokens[i - 2].IsKeyword("CONSTRAINT"));
    }

    private SqliteConstraintKind TableKind(int i) => Tokens[i].Text.ToUpperInvariant() switch
    {
        "PRIMARY" => SqliteConstraintKind.PrimaryKey,
        "UNIQUE" => SqliteConstraintKind.Unique,
        "CHECK" => SqliteConstraintKind.Check,
        "FOREIGN" => SqliteConstraintKind.ForeignKey,
        _ => throw new FormatException($"Unexpected '{Tokens[i].Text}' where a table constraint should start."),
    };
}
