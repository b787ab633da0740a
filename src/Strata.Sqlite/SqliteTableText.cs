namespace Strata.Sqlite;

/// <summary>
/// The CREATE TABLE text SQLite keeps in <c>sqlite_schema</c>, split into its top-level items (column
/// definitions and table constraints) with their text exactly as written, plus the table options after the
/// body (<c>WITHOUT ROWID</c>, <c>STRICT</c>).
/// </summary>
/// <remarks>
/// A lexer, not a SQL parser: it follows quotes of every kind, string and blob literals, comments and
/// parenthesis depth, and cuts at top-level commas. SQLite keeps no catalog of CHECK constraints or
/// constraint names, so this is how the rebuild carries items over unchanged and how introspection finds
/// checks and the names of constraints. Immutable.
/// </remarks>
internal sealed class SqliteTableText
{
    private SqliteTableText(string sql, string name, List<SqliteTableItem> items, string options)
    {
        Sql = sql;
        Name = name;
        Items = items;
        Options = options;
    }

    /// <summary>The CREATE TABLE text that was split.</summary>
    public string Sql { get; }

    /// <summary>The table's name as the statement writes it, unquoted and without its schema.</summary>
    public string Name { get; }

    /// <summary>The items of the body in order: columns first, then table constraints.</summary>
    public IReadOnlyList<SqliteTableItem> Items { get; }

    /// <summary>The text after the body's closing parenthesis, trimmed (empty, <c>WITHOUT ROWID</c>, <c>STRICT</c>, …).</summary>
    public string Options { get; }

    /// <summary>The column definitions in order.</summary>
    public IEnumerable<SqliteTableItem> Columns => Items.Where(i => i.IsColumn);

    /// <summary>The column named <paramref name="name"/> (ASCII case-insensitive), or null.</summary>
    public SqliteTableItem? FindColumn(string name) =>
        Items.FirstOrDefault(i => i.IsColumn && string.Equals(i.ColumnName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Splits <paramref name="sql"/>, a <c>CREATE TABLE … (…)</c> statement.</summary>
    /// <exception cref="FormatException">The text is not a CREATE TABLE with a column list, or its quotes or parentheses do not balance.</exception>
    public static SqliteTableText Parse(string sql) => Parse(sql, validate: true);

    /// <summary>Reads one item written on its own: a column definition or a table constraint.</summary>
    /// <exception cref="FormatException">The text is not exactly one item.</exception>
    public static SqliteTableItem ParseItem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = Parse("CREATE TABLE t (" + SqliteTableItem.Render(text) + ")", validate: false);
        return table.Items.Count == 1 ? table.Items[0] : throw new FormatException("The text is not exactly one column definition or table constraint.");
    }

    private static SqliteTableText Parse(string sql, bool validate)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var all = SqliteLexer.Tokenize(sql);
        if (all.FirstOrDefault(t => t.Kind == SqliteTokenKind.Unterminated) is { Text: not null } open)
            throw new FormatException($"The table definition has a quote or literal that never closes (at offset {open.Start}).");
        var tokens = all.Where(t => !t.IsTrivia).ToList();
        var (name, body) = Head(tokens);
        var close = SqliteTokens.MatchingParen(tokens, body);
        if (close < 0) throw new FormatException("The table definition's parentheses do not balance.");

        var items = new List<SqliteTableItem>();
        var depth = 0;
        var partStart = body + 1;
        for (var i = body + 1; i <= close; i++)
        {
            var token = tokens[i];
            if (token.Is('(')) depth++;
            else if (token.Is(')') && i < close) depth--;
            else if (i == close || (depth == 0 && token.Is(',')))
            {
                if (i == partStart) throw new FormatException($"The table definition has an empty item (at offset {token.Start}).");
                AddItems(items, sql, tokens, partStart, i - 1, tokens[partStart - 1].End, token.Start);
                partStart = i + 1;
            }
        }
        if (validate) Validate(items);
        return new SqliteTableText(sql, name, items, sql[tokens[close].End..].Trim(SqliteLexer.Whitespace));
    }

    private static void Validate(List<SqliteTableItem> items)
    {
        if (!items.Any(i => i.IsColumn)) throw new FormatException("The table definition has no columns.");
        var afterColumns = false;
        foreach (var item in items)
        {
            if (!item.IsColumn) afterColumns = true;
            else if (afterColumns) throw new FormatException($"Column '{item.ColumnName}' follows a table constraint, which SQLite does not allow.");
        }
    }

    private static (string Name, int Body) Head(List<SqliteToken> tokens)
    {
        var i = 0;
        bool Word(string keyword)
        {
            if (i >= tokens.Count || !tokens[i].IsKeyword(keyword)) return false;
            i++;
            return true;
        }
        if (!Word("CREATE")) throw new FormatException("The text is not a CREATE TABLE statement.");
        if (!Word("TEMP")) Word("TEMPORARY");
        if (!Word("TABLE")) throw new FormatException("The text is not a CREATE TABLE statement (a virtual table, view or index cannot be split).");
        if (Word("IF") && !(Word("NOT") && Word("EXISTS"))) throw new FormatException("CREATE TABLE IF must be followed by NOT EXISTS.");
        if (i >= tokens.Count || !tokens[i].IsName) throw new FormatException("CREATE TABLE must be followed by the table's name.");
        var name = tokens[i++].Name!;
        if (i + 1 < tokens.Count && tokens[i].Is('.') && tokens[i + 1].IsName)
        {
            name = tokens[i + 1].Name!;
            i += 2;
        }
        if (i >= tokens.Count || !tokens[i].Is('('))
            throw new FormatException("The table definition has no column list (CREATE TABLE … AS SELECT is stored with one by SQLite).");
        return (name, i);
    }

    // Adds the item made of tokens[first..last], whose text lies between offsets from and to; a run of
    // table constraints written without commas becomes one item per constraint.
    private static void AddItems(List<SqliteTableItem> items, string sql, List<SqliteToken> tokens, int first, int last, int from, int to)
    {
        var item = Make(sql, tokens.GetRange(first, last - first + 1), from, to);
        if (item.IsColumn || item.Constraints.Count == 1)
        {
            items.Add(item);
            return;
        }
        var start = from;
        for (var c = 0; c < item.Constraints.Count; c++)
        {
            var constraint = item.Constraints[c];
            var end = c == item.Constraints.Count - 1 ? to : item.Tokens[constraint.Last].End;
            items.Add(Make(sql, tokens.GetRange(first + constraint.First, constraint.Last - constraint.First + 1), start, end));
            start = end;
        }
    }

    private static SqliteTableItem Make(string sql, List<SqliteToken> tokens, int from, int to)
    {
        var raw = sql[from..to];
        var lead = raw.Length - raw.TrimStart(SqliteLexer.Whitespace).Length;
        return new SqliteTableItem(sql, raw.Trim(SqliteLexer.Whitespace), from + lead, tokens);
    }
}
