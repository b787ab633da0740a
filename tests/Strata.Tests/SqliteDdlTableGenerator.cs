using System.Text;
using Strata.Sqlite;

namespace Strata.Tests;

/// <summary>A generated CREATE TABLE and what the splitter should find in it.</summary>
internal sealed record GeneratedTable(string Sql, string TableName, List<GeneratedItem> Items, string Options);

/// <summary>One generated item: its exact text, the column's name (null for a table constraint) and its constraints.</summary>
internal sealed record GeneratedItem(string Text, string? ColumnName, List<GeneratedConstraint> Constraints);

/// <summary>
/// One generated constraint: kind, CONSTRAINT name, the expression inside it (CHECK, DEFAULT, generated), and the
/// columns it names (a table constraint's column list, the columns a CHECK uses).
/// </summary>
internal sealed record GeneratedConstraint(SqliteConstraintKind Kind, string? Name, string? Expression)
{
    public List<string> Columns { get; init; } = [];
}

/// <summary>
/// Writes random CREATE TABLE statements that SQLite accepts, made to trip a naive splitter: identifiers in
/// every quoting style holding quotes, commas, parentheses, comment markers and non-ASCII characters; string
/// literals full of the same; nested expressions; comments between tokens; table constraints without commas.
/// </summary>
/// <remarks>
/// With <c>commentsBetweenItems</c> false, only whitespace separates the items, so each item's expected text is
/// exactly what was generated; otherwise comments sit at the item boundaries too (they belong to a neighbour).
/// </remarks>
internal sealed class TableGenerator(Random random, bool commentsBetweenItems = true)
{
    private const string NameCharacters = "abcdefXYZ_019 ,()'\"`-/*;.\u00e9\u4e2d\u00a0\n";
    private const string StringCharacters = "ab ,()'\"`-/*[];\n\u00e9";

    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Raw, string Quoted, bool Generated)> _columns = [];
    private bool _hasKey;
    private List<string> _named = [];

    /// <summary>A table named <paramref name="name"/>, or a generated (hostile) name when null.</summary>
    public GeneratedTable Generate(string? name = null)
    {
        var tableName = name ?? "t" + Name();
        var head = Pick("CREATE TABLE", "create table if not exists", "CREATE /* a ( */ TABLE", "Create\nTable") + Gap() + Quote(tableName) + Gap() + "(" + Between();
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var raw = Unique();
            // SQLite needs one column that is not generated.
            _columns.Add((raw, Quote(raw), i > 0 && random.Next(8) == 0));
        }
        var items = _columns.Select(Column).ToList();
        var constraints = Enumerable.Range(0, random.Next(4)).Select(_ => TableConstraint()).ToList();
        var body = new StringBuilder(string.Join(Between() + "," + Between(), items.Select(i => i.Text)));
        for (var i = 0; i < constraints.Count; i++)
            body.Append(i > 0 && random.Next(3) == 0 ? " " : Between() + "," + Between()).Append(constraints[i].Text);
        var options = _hasKey && random.Next(4) == 0 ? "WITHOUT ROWID" : "";
        var sql = head + body + Between() + ")" + (options.Length > 0 ? " " + options : "");
        return new GeneratedTable(sql, tableName, [.. items, .. constraints], options);
    }

    private GeneratedItem Column((string Raw, string Quoted, bool Generated) column)
    {
        var text = new StringBuilder(column.Quoted);
        var constraints = new List<GeneratedConstraint>();
        if (random.Next(5) > 0) text.Append(' ').Append(Pick("INT", "INTEGER", "VARCHAR(10)", "DECIMAL( 10 , 2 )", "DOUBLE PRECISION", "\"odd ( type\"", "UNSIGNED BIG INT", "TEXT"));
        if (column.Generated)
        {
            var expression = Expression(2, columns: false);
            text.Append(Gap()).Append(Pick("GENERATED ALWAYS AS", "AS")).Append(" (").Append(expression).Append(')').Append(Pick("", " STORED", " VIRTUAL"));
            constraints.Add(new(SqliteConstraintKind.Generated, null, expression));
        }
        var clauses = random.Next(4);
        for (var i = 0; i < clauses; i++)
        {
            var name = random.Next(3) == 0 ? Name() : null;
            var prefix = name is null ? "" : "CONSTRAINT" + Gap() + Quote(name) + Gap();
            var (kind, clause, expression) = random.Next(8) switch
            {
                0 => (SqliteConstraintKind.NotNull, "NOT" + Gap() + "NULL" + Pick("", " ON CONFLICT ABORT"), null),
                1 when !column.Generated => Default(),
                2 => Check(),
                3 => (SqliteConstraintKind.Unique, "UNIQUE", null),
                4 => (SqliteConstraintKind.Collate, "COLLATE" + Gap() + Pick("NOCASE", "BINARY", "\"RTRIM\""), null),
                5 => (SqliteConstraintKind.ForeignKey, "REFERENCES" + Gap() + Quote("p" + Name()) + Pick("", " (" + Quote(Name()) + ")")
                    + Pick("", " ON DELETE SET NULL", " ON UPDATE SET DEFAULT", " ON DELETE CASCADE ON UPDATE NO ACTION")
                    + Pick("", " NOT DEFERRABLE", " DEFERRABLE INITIALLY DEFERRED", " MATCH SIMPLE"), null),
                6 when !_hasKey && !column.Generated => Key(),
                _ => (SqliteConstraintKind.Null, "NULL", (string?)null),
            };
            text.Append(Gap()).Append(prefix).Append(clause);
            constraints.Add(new(kind, name, expression) { Columns = kind == SqliteConstraintKind.Check ? _named : [] });
        }
        return new GeneratedItem(text.ToString(), column.Raw, constraints);
    }

    private (SqliteConstraintKind, string, string?) Default()
    {
        var value = random.Next(4) switch
        {
            0 => Pick("-12", "+1.5e3", "X'0aFF'", "NULL", "CURRENT_TIMESTAMP", "TRUE"),
            1 => "(" + Expression(2, columns: false) + ")",
            _ => StringLiteral(),
        };
        return (SqliteConstraintKind.Default, "DEFAULT" + Gap() + value, value);
    }

    private (SqliteConstraintKind, string, string?) Check()
    {
        _named = [];
        var expression = Expression(3, columns: true);
        return (SqliteConstraintKind.Check, "CHECK" + Gap() + "(" + Space() + expression + Space() + ")", expression);
    }

    private (SqliteConstraintKind, string, string?) Key()
    {
        _hasKey = true;
        return (SqliteConstraintKind.PrimaryKey, "PRIMARY" + Gap() + "KEY" + Pick("", " ASC", " DESC"), null);
    }

    private GeneratedItem TableConstraint()
    {
        var name = random.Next(2) == 0 ? Name() : null;
        var prefix = name is null ? "" : "CONSTRAINT" + Gap() + Quote(name) + Gap();
        var plain = _columns.Where(c => !c.Generated).ToList();
        _named = [];
        var (kind, clause, expression) = random.Next(4) switch
        {
            0 when plain.Count > 0 => (SqliteConstraintKind.Unique, "UNIQUE" + Gap() + ColumnList(plain), null),
            1 when plain.Count > 0 => (SqliteConstraintKind.ForeignKey, "FOREIGN" + Gap() + "KEY" + Gap() + "(" + Named(plain[random.Next(plain.Count)]) + ")" + Gap()
                + "REFERENCES" + Gap() + Quote("p" + Name()) + Pick("", "(" + Quote(Name()) + ")") + Pick("", " ON DELETE CASCADE", " ON DELETE SET NULL NOT DEFERRABLE"), (string?)null),
            2 when plain.Count > 0 && !_hasKey => TableKey(plain),
            _ => Check(),
        };
        return new GeneratedItem(prefix + clause, null, [new(kind, name, expression) { Columns = _named }]);
    }

    private (SqliteConstraintKind, string, string?) TableKey(List<(string Raw, string Quoted, bool Generated)> plain)
    {
        _hasKey = true;
        return (SqliteConstraintKind.PrimaryKey, "PRIMARY" + Gap() + "KEY" + Gap() + ColumnList(plain), null);
    }

    private string ColumnList(List<(string Raw, string Quoted, bool Generated)> columns)
    {
        var chosen = columns.OrderBy(_ => random.Next()).Take(random.Next(1, columns.Count + 1));
        return "(" + Space() + string.Join(Space() + "," + Space(), chosen.Select(c => Named(c) + Pick("", " COLLATE NOCASE", " DESC", " ASC"))) + Space() + ")";
    }

    // An expression that starts and ends with a significant token; columns only where SQLite allows them.
    private string Expression(int depth, bool columns)
    {
        if (depth == 0 || random.Next(3) == 0)
        {
            return random.Next(5) switch
            {
                0 when columns => Named(_columns[random.Next(_columns.Count)]),
                1 => Pick("1", "-2.5", "0x1F", "NULL", "X'00'"),
                _ => StringLiteral(),
            };
        }
        // Operands are written only when the form uses them, so the columns they name are the ones it names.
        string A() => Expression(depth - 1, columns);
        return random.Next(7) switch
        {
            0 => "(" + Space() + A() + Space() + ")",
            1 => A() + Gap() + Pick("+", "||", "<>", "=", "AND", "OR") + Gap() + A(),
            2 => "lower" + Space() + "(" + Space() + A() + Space() + ")",
            3 => "coalesce(" + A() + "," + Gap() + A() + ")",
            4 => A() + " IN (" + A() + Space() + "," + Space() + A() + ")",
            5 => "CASE WHEN " + A() + " THEN " + A() + " ELSE " + Pick("0", "'x'") + " END",
            _ => "CAST(" + A() + " AS TEXT)",
        };
    }

    private string Named((string Raw, string Quoted, bool Generated) column)
    {
        _named.Add(column.Raw);
        return column.Quoted;
    }

    private string StringLiteral()
    {
        var builder = new StringBuilder("'");
        var length = random.Next(8);
        for (var i = 0; i < length; i++)
        {
            var c = StringCharacters[random.Next(StringCharacters.Length)];
            builder.Append(c == '\'' ? "''" : c.ToString());
        }
        return builder.Append('\'').ToString();
    }

    private string Unique()
    {
        while (true)
        {
            var name = Name();
            if (_used.Add(name)) return name;
        }
    }

    // A raw name: quoted by Quote, so it may hold anything but NUL.
    private string Name()
    {
        if (random.Next(3) == 0) return "c" + random.Next(1000);
        var builder = new StringBuilder();
        var length = random.Next(1, 8);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(20) == 0) builder.Append("\ud83d\ude00");
            else builder.Append(NameCharacters[random.Next(NameCharacters.Length)]);
        }
        return builder.ToString();
    }

    private string Quote(string name)
    {
        if (IsBare(name) && random.Next(2) == 0) return name;
        return random.Next(3) switch
        {
            0 => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`",
            1 when !name.Contains(']', StringComparison.Ordinal) => "[" + name + "]",
            _ => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        };
    }

    private static bool IsBare(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !SqliteTokens.IsReserved(name);

    // Between two tokens: at least one space, sometimes a comment.
    private string Gap() => random.Next(6) switch
    {
        0 => " /* , ) ( ' \" */ ",
        1 => " -- , ) ( ' \" \n ",
        2 => "\n\t",
        _ => " ",
    };

    // Around the commas between items.
    private string Between() => commentsBetweenItems ? Space() : Pick("", " ", "\n\t");

    // Where no space is needed: nothing, a space or a comment.
    private string Space() => random.Next(4) == 0 ? Gap() : random.Next(2) == 0 ? "" : " ";

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];
}
