namespace Strata.Sqlite;

/// <summary>
/// Writes the statements of SQLite's documented table rebuild ("Making Other Kinds Of Table Schema Changes",
/// https://www.sqlite.org/lang_altertable.html) from the final state of a <see cref="SqliteTableModel"/>.
/// </summary>
/// <remarks>
/// In order: drop the triggers and views that mention the table (and the views built on those); create
/// <c>strata_rebuild_{table}</c> with the new definition; copy the kept columns' rows by name (keeping rowids, so
/// SQLite converts values by the new affinity); carry the AUTOINCREMENT sequence over; drop the old table; rename
/// the new one; recreate the indexes (those on dropped columns are gone), views and triggers from their saved
/// SQL; check the foreign keys of the table and of the tables that reference it. The caller runs them in one
/// transaction with foreign keys off. Pure and thread-safe.
/// </remarks>
internal static class SqliteTableRebuild
{
    /// <summary>The prefix of the table a rebuild creates next to the old one.</summary>
    public const string Prefix = "strata_rebuild_";

    public static SqliteAlterPlan Plan(SqliteDdlCompiler compiler, string table, SqliteTableDescription current, SqliteTableModel model)
    {
        var name = model.Original.Name;
        var dot = table.LastIndexOf('.');
        var schema = dot < 0 ? "" : SqliteDdlCompiler.Quote(table[..dot]) + ".";
        var oldTable = schema + SqliteDdlCompiler.Quote(name);
        var newName = Prefix + name;
        var newTable = schema + SqliteDdlCompiler.Quote(newName);
        var dependents = Dependents(name, current.TriggersAndViews);
        RefuseColumnsUsedBy(table, model, dependents);

        var statements = new List<string>();
        foreach (var trigger in dependents.Where(d => d.IsTrigger)) statements.Add("DROP TRIGGER " + schema + SqliteDdlCompiler.Quote(trigger.Name));
        foreach (var view in dependents.Where(d => d.IsView).Reverse()) statements.Add("DROP VIEW " + schema + SqliteDdlCompiler.Quote(view.Name));

        var items = model.Items.ToList();
        var create = "CREATE TABLE " + newTable + " (" + string.Join(", ", items.Select(i => i.Render())) + ")";
        if (model.Original.Options.Length > 0) create += " " + model.Original.Options;
        statements.Add(create);

        var copied = model.CopiedColumns.ToList();
        if (copied.Count > 0)
        {
            statements.Add("INSERT INTO " + newTable + " (" + string.Join(", ", copied.Select(c => SqliteDdlCompiler.Quote(c.Target)))
                + ") SELECT " + string.Join(", ", copied.Select(c => SqliteDdlCompiler.Quote(c.Source))) + " FROM " + oldTable);
        }
        if (HasAutoIncrement(model.Original.Items) && HasAutoIncrement(items))
        {
            // Copying the rows sets the new table's sequence to the highest key left; the old sequence may be
            // higher (rows deleted at the end), and AUTOINCREMENT promises never to hand those keys out again.
            var sequence = schema + "sqlite_sequence";
            statements.Add("DELETE FROM " + sequence + " WHERE name = " + compiler.LiteralText(newName));
            statements.Add("INSERT INTO " + sequence + " (name, seq) SELECT " + compiler.LiteralText(newName) + ", seq FROM " + sequence
                + " WHERE name = " + compiler.LiteralText(name));
        }
        statements.Add("DROP TABLE " + oldTable);
        statements.Add("ALTER TABLE " + newTable + " RENAME TO " + SqliteDdlCompiler.Quote(name));
        statements.AddRange(model.Indexes);
        statements.AddRange(dependents.Where(d => d.IsView).Select(d => d.Sql));
        statements.AddRange(dependents.Where(d => d.IsTrigger).Select(d => d.Sql));

        var checks = new List<Sql> { Sql.Raw("PRAGMA " + schema + "foreign_key_check(" + SqliteDdlCompiler.Quote(name) + ")") };
        foreach (var referencing in current.ReferencingTables.Where(r => !string.Equals(r, name, StringComparison.OrdinalIgnoreCase)))
            checks.Add(Sql.Raw("PRAGMA " + schema + "foreign_key_check(" + SqliteDdlCompiler.Quote(referencing) + ")"));
        return new SqliteAlterPlan([.. statements.Select(Sql.Raw), .. checks], IsRebuild: true, checks);
    }

    /// <summary>
    /// The triggers and views to drop and recreate: triggers on the table, triggers and views whose text names
    /// it, and, since a view cannot outlive what it reads, those that name such a view; in creation order.
    /// </summary>
    public static List<SqliteSchemaObject> Dependents(string table, IReadOnlyList<SqliteSchemaObject> candidates)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { table };
        var chosen = new HashSet<SqliteSchemaObject>();
        var tokens = candidates.ToDictionary(c => c, c => SqliteLexer.Significant(c.Sql));
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var candidate in candidates)
            {
                if (chosen.Contains(candidate)) continue;
                var uses = (candidate.IsTrigger && names.Contains(candidate.TableName))
                    || tokens[candidate].Any(t => t.Kind is SqliteTokenKind.Word or SqliteTokenKind.QuotedIdentifier && names.Contains(t.Name!));
                if (!uses) continue;
                chosen.Add(candidate);
                if (candidate.IsView) names.Add(candidate.Name);
                grew = true;
            }
        }
        return [.. candidates.Where(chosen.Contains)];
    }

    // Triggers and views are written back as they were, and SQLite does not check them when they are created:
    // one that uses a renamed or dropped column would be left broken, so the change is refused instead.
    private static void RefuseColumnsUsedBy(string table, SqliteTableModel model, List<SqliteSchemaObject> dependents)
    {
        var changed = model.Renames.Select(r => (Column: r.From, Why: $"is renamed to '{r.To}'"))
            .Concat(model.Dropped.Select(d => (Column: d, Why: "is dropped")));
        foreach (var (column, why) in changed)
        {
            var user = dependents.FirstOrDefault(d => SqliteLexer.Significant(d.Sql).Any(t => t.Kind is SqliteTokenKind.Word or SqliteTokenKind.QuotedIdentifier && t.Names(column)));
            if (user is null) continue;
            throw new NotSupportedException(
                $"Column '{column}' of '{table}' {why} in an AlterTable that rebuilds the table, and {user.Type} '{user.Name}' mentions '{column}'; " +
                $"SQLite would keep the {user.Type} without checking it. Rename the column in an AlterTable of its own (SQLite then rewrites triggers and views), " +
                $"or drop the {user.Type} first and create it again afterwards.");
        }
    }

    private static bool HasAutoIncrement(IEnumerable<SqliteTableItem> items) =>
        items.Any(i => i.IsColumn && i.Tokens.Any(t => t.IsKeyword("AUTOINCREMENT")));
}
