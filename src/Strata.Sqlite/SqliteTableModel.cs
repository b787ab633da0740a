using Strata.Schema;

namespace Strata.Sqlite;

/// <summary>
/// The definition of a table while an ALTER TABLE is applied to it: its items (kept exactly as written unless an
/// action changes them), where each column's rows come from, and its indexes. Tells for each action whether
/// SQLite could make it in place; the rebuild writes the final state.
/// </summary>
/// <remarks>Used once, by one thread, for one statement.</remarks>
internal sealed class SqliteTableModel
{
    private readonly SqliteDdlCompiler _compiler;
    private readonly string _table;
    private readonly List<Entry> _items;
    private readonly List<(string Name, string Sql)> _indexes;
    private readonly List<(string From, string To)> _renames = [];
    private readonly List<string> _dropped = [];

    public SqliteTableModel(SqliteDdlCompiler compiler, string table, SqliteTableDescription current)
    {
        _compiler = compiler;
        _table = table;
        Original = SqliteTableText.Parse(current.Sql);
        _items = [.. Original.Items.Select(i => new Entry(i, i.IsColumn && !i.IsGenerated ? i.ColumnName : null))];
        _indexes = [.. current.Indexes.Select(i => (i.Name, i.Sql))];
    }

    /// <summary>The table as it was.</summary>
    public SqliteTableText Original { get; }

    /// <summary>The items in their final order.</summary>
    public IEnumerable<SqliteTableItem> Items => _items.Select(e => e.Item);

    /// <summary>The CREATE INDEX statements to write after the rebuild.</summary>
    public IEnumerable<string> Indexes => _indexes.Select(i => i.Sql);

    /// <summary>The kept columns: the name in the new table and the column its values come from in the old one.</summary>
    public IEnumerable<(string Target, string Source)> CopiedColumns =>
        _items.Where(e => e.Source is not null && !e.Item.IsGenerated).Select(e => (e.Item.ColumnName!, e.Source!));

    /// <summary>Columns renamed by the statement, from their old name to the new.</summary>
    public IReadOnlyList<(string From, string To)> Renames => _renames;

    /// <summary>Columns dropped by the statement.</summary>
    public IReadOnlyList<string> Dropped => _dropped;

    /// <summary>True for the actions SQLite makes in place whatever the table holds (no need to read it first).</summary>
    public static bool IsAlwaysInPlace(AlterTableAction action) => action switch
    {
        AddColumnAction a => a.Column.Default is not { Expression: not null } and not { IsCurrentTimestamp: true },
        RenameColumnAction or AddIndexAction or DropIndexAction or AddUniqueAction => true,
        _ => false,
    };

    /// <summary>What the action does, for messages.</summary>
    public static string Describe(AlterTableAction action) => action switch
    {
        AddColumnAction a => $"add column '{a.Column.Name}' with a non-constant default",
        DropColumnAction a => $"drop column '{a.Name}' (when a key, constraint or index uses it)",
        ChangeColumnAction a => $"change column '{a.Column.Name}'",
        DropUniqueAction a => $"drop unique '{a.Name}' (when it is a table constraint rather than an index)",
        AddForeignKeyAction a => $"add foreign key '{a.ForeignKey.Name}'",
        DropForeignKeyAction a => $"drop foreign key '{a.Name}'",
        AddCheckAction a => $"add check '{a.Check.Name}'",
        DropCheckAction a => $"drop check '{a.Name}'",
        _ => $"apply {action.GetType().Name}",
    };

    /// <summary>Applies <paramref name="action"/>; true when SQLite could have made it in place at this point.</summary>
    /// <exception cref="InvalidOperationException">The action names something the table does not have, or a column it already has.</exception>
    public bool Apply(AlterTableAction action) => action switch
    {
        AddColumnAction a => AddColumn(a.Column),
        DropColumnAction a => DropColumn(a.Name),
        RenameColumnAction a => RenameColumn(a.From, a.To),
        ChangeColumnAction a => ChangeColumn(a.Column),
        AddUniqueAction a => AddIndex(new IndexDefinition(a.Unique.Name, a.Unique.Columns, IsUnique: true, Filter: null)),
        DropUniqueAction a => DropUnique(a.Name),
        AddIndexAction a => AddIndex(a.Index),
        DropIndexAction a => DropIndex(a.Name),
        AddForeignKeyAction a => AddConstraint(_compiler.ForeignKeyText(a.ForeignKey)),
        DropForeignKeyAction a => DropConstraint(a.Name, SqliteConstraintKind.ForeignKey, "foreign key"),
        AddCheckAction a => AddConstraint(_compiler.CheckText(a.Check)),
        DropCheckAction a => DropConstraint(a.Name, SqliteConstraintKind.Check, "check constraint"),
        _ => throw new NotSupportedException($"SQLite's ALTER TABLE cannot apply a {action?.GetType().Name ?? "null"} action."),
    };

    private bool AddColumn(ColumnDefinition column)
    {
        if (FindColumn(column.Name) >= 0) throw new InvalidOperationException($"Table '{_table}' already has a column '{column.Name}'; use ChangeColumn to change it.");
        var last = _items.FindLastIndex(e => e.Item.IsColumn);
        _items.Insert(last + 1, new Entry(Parse(_compiler.ColumnText(_table, column)), null));
        return IsAlwaysInPlace(new AddColumnAction(column));
    }

    private bool RenameColumn(string from, string to)
    {
        var index = RequireColumn(from);
        if (FindColumn(to) >= 0 && !string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Column '{from}' of '{_table}' cannot be renamed to '{to}': the table has a column '{to}' already.");
        var quoted = SqliteDdlCompiler.Quote(to);
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i].Item;
            var tokens = item.ColumnReferences(_table).Where(t => t.Names(from)).ToList();
            if (i == index) tokens.Add(item.Tokens[0]);
            if (tokens.Count > 0) _items[i] = _items[i] with { Item = Parse(item.Replace(tokens, quoted)) };
        }
        for (var i = 0; i < _indexes.Count; i++)
        {
            if (SqliteIndexText.TryParse(_indexes[i].Sql) is { } index2 && index2.Mentions(from))
                _indexes[i] = (_indexes[i].Name, index2.Replace(index2.ColumnReferences().Where(t => t.Names(from)), quoted));
        }
        _renames.Add((from, to));
        return true;
    }

    private bool DropColumn(string name)
    {
        var index = RequireColumn(name);
        if (_items.Count(e => e.Item.IsColumn) == 1)
            throw new InvalidOperationException($"Column '{name}' is the only column of '{_table}'; a table needs one. Drop the table instead.");
        var own = _items[index];
        var inPlace = !own.Item.Constraints.Any(c => c.Kind is SqliteConstraintKind.PrimaryKey or SqliteConstraintKind.Unique or SqliteConstraintKind.ForeignKey)
            && !_items.Any(e => e != own && e.Item.Mentions(_table, name))
            && !_indexes.Any(i => SqliteIndexText.TryParse(i.Sql)?.Mentions(name) == true);
        _items.RemoveAt(index);
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            var item = _items[i].Item;
            if (!item.Mentions(_table, name)) continue;
            if (!item.IsColumn)
            {
                // Like PostgreSQL: the constraints that use a dropped column go with it.
                _items.RemoveAt(i);
                continue;
            }
            foreach (var constraint in item.Constraints.Reverse())
            {
                if (!constraint.ColumnReferences(_table).Any(t => t.Names(name))) continue;
                if (constraint.Kind is SqliteConstraintKind.Default or SqliteConstraintKind.Generated)
                    throw new NotSupportedException(
                        $"Column '{item.ColumnName}' of '{_table}' uses column '{name}' in its {(constraint.Kind == SqliteConstraintKind.Default ? "default" : "generated expression")}, " +
                        $"so '{name}' cannot be dropped alone. Drop or change '{item.ColumnName}' first (in the same AlterTable, before this DropColumn).");
                item = Parse(item.Without(constraint));
            }
            _items[i] = _items[i] with { Item = item };
        }
        _indexes.RemoveAll(i => SqliteIndexText.TryParse(i.Sql)?.Mentions(name) == true);
        _dropped.Add(name);
        return inPlace;
    }

    private bool ChangeColumn(ColumnDefinition column)
    {
        var index = RequireColumn(column.Name);
        var old = _items[index].Item;
        var enumCheck = ConstraintNames.Enum(_table, column.Name);
        // The new definition replaces the type, NOT NULL, the default and the enum check; whatever else the
        // column declares (its key, uniqueness, collation, references, other checks) stays as written.
        var kept = old.Constraints.Where(c =>
            c.Kind is not (SqliteConstraintKind.NotNull or SqliteConstraintKind.Null or SqliteConstraintKind.Default)
            && !(c.Kind == SqliteConstraintKind.Check && string.Equals(c.Name, enumCheck, StringComparison.OrdinalIgnoreCase))
            && c.Kind != SqliteConstraintKind.NameOnly);
        // A comment in front of the column stays in front of it.
        var leading = old.Text[..(old.Tokens[0].Start - old.Start)];
        var text = leading + _compiler.ColumnText(_table, column) + string.Concat(kept.Select(c => " " + SqliteTableItem.Render(c.Text)));
        _items[index] = _items[index] with { Item = Parse(text.TrimEnd(SqliteLexer.Whitespace)) };
        return false;
    }

    private bool AddIndex(IndexDefinition index)
    {
        if (_indexes.Any(i => string.Equals(i.Name, index.Name, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException($"Table '{_table}' has an index '{index.Name}' already.");
        _indexes.Add((index.Name, _compiler.IndexText(_table, index)));
        return true;
    }

    private bool DropIndex(string name)
    {
        var index = _indexes.FindIndex(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new InvalidOperationException(
                $"Table '{_table}' has no index named '{name}'. The automatic indexes of PRIMARY KEY and UNIQUE constraints cannot be dropped; drop the constraint (DropUnique) instead.");
        _indexes.RemoveAt(index);
        return true;
    }

    private bool DropUnique(string name)
    {
        if (_indexes.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))) return DropIndex(name);
        DropConstraint(name, SqliteConstraintKind.Unique, "unique constraint or unique index");
        return false;
    }

    private bool AddConstraint(string text)
    {
        _items.Add(new Entry(Parse(text), null));
        return false;
    }

    private bool DropConstraint(string name, SqliteConstraintKind kind, string what)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i].Item;
            foreach (var constraint in item.Constraints)
            {
                if (constraint.Kind != kind || !string.Equals(constraint.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
                if (item.IsColumn) _items[i] = _items[i] with { Item = Parse(item.Without(constraint)) };
                else _items.RemoveAt(i);
                return false;
            }
        }
        throw new InvalidOperationException(
            $"Table '{_table}' has no {what} named '{name}'. SQLite keeps a constraint's name only when it was declared with CONSTRAINT name; " +
            "IntrospectTableAsync shows the names the table has.");
    }

    private int FindColumn(string name) =>
        _items.FindIndex(e => e.Item.IsColumn && string.Equals(e.Item.ColumnName, name, StringComparison.OrdinalIgnoreCase));

    private int RequireColumn(string name)
    {
        var index = FindColumn(name);
        return index >= 0 ? index : throw new InvalidOperationException($"Table '{_table}' has no column '{name}'.");
    }

    private static SqliteTableItem Parse(string text) => SqliteTableText.ParseItem(text);

    /// <summary>One item of the table, and for a kept column the old column its rows are copied from.</summary>
    private sealed record Entry(SqliteTableItem Item, string? Source);
}
