using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Sqlite;

/// <summary>
/// Reads the schema of a SQLite database from <c>sqlite_schema</c> and the table-valued pragmas
/// (<c>pragma_table_xinfo</c>, <c>pragma_index_list</c>, <c>pragma_index_info</c>, <c>pragma_foreign_key_list</c>).
/// SQLite keeps no catalog of CHECK constraints or constraint names, so those come from the stored CREATE TABLE
/// text, split by a lexer (a constraint declared without <c>CONSTRAINT name</c> has no name).
/// </summary>
/// <remarks>
/// Column types are the declared types, lower-cased; their .NET types follow the names the schema builder writes
/// (<c>int</c> → int, <c>integer</c> → long, <c>uuid</c> → Guid, <c>timestamptz</c> → DateTimeOffset, …) and SQLite's
/// affinity rules for other names. An INTEGER PRIMARY KEY is the rowid, so NOT NULL; it is reported as auto-increment only
/// when the table declares it <c>AUTOINCREMENT</c>. Stateless and thread-safe; every read runs through the given session.
/// </remarks>
public class SqliteIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static SqliteIntrospector Instance { get; } = new();

    /// <inheritdoc />
    /// <remarks>Reads the main database; SQLite's own tables (<c>sqlite_%</c>) are left out.</remarks>
    public override async Task<DatabaseSchema> IntrospectAsync(IDbSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = await session.QueryAsync<(string Type, string Name, string? Sql)>(
            $"SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            cancellationToken).ConfigureAwait(false);
        var tables = new List<TableSchema>();
        var views = new List<ViewSchema>();
        foreach (var row in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (row.Type == "table") tables.Add(await ReadTableAsync(session, null, row.Name, row.Sql, cancellationToken).ConfigureAwait(false));
            else views.Add(await ReadViewAsync(session, row.Name, row.Sql, cancellationToken).ConfigureAwait(false));
        }
        return new DatabaseSchema(tables, views);
    }

    /// <inheritdoc />
    /// <remarks>Accepts <c>schema.table</c> for an attached database (or <c>temp</c>).</remarks>
    public override async Task<TableSchema?> IntrospectTableAsync(IDbSession session, string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(table);
        var (schema, name) = SqliteTableReader.Split(table);
        var rows = await session.QueryAsync<(string Name, string? Sql)>(
            Sql.Raw("SELECT name, sql FROM ") + SqliteTableReader.SchemaTable(schema) + $" WHERE type = 'table' AND name = {name} COLLATE NOCASE",
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : await ReadTableAsync(session, schema, rows[0].Name, rows[0].Sql, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TableSchema> ReadTableAsync(IDbSession session, string? schema, string name, string? sql, CancellationToken cancellationToken)
    {
        var database = schema ?? "main";
        var text = TryParse(sql);
        var columns = await session.QueryAsync<(long Id, string Name, string? Type, long NotNull, string? Default, long Key, long Hidden)>(
            $"SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo({name}, {database}) ORDER BY cid",
            cancellationToken).ConfigureAwait(false);
        var withoutRowid = text is not null && SqliteLexer.Significant(text.Options).Any(t => t.IsKeyword("ROWID"));
        var keyColumns = columns.Where(c => c.Key > 0).OrderBy(c => c.Key).ToList();
        var rowid = !withoutRowid && keyColumns is [var only] && string.Equals(only.Type?.Trim(), "INTEGER", StringComparison.OrdinalIgnoreCase)
            && !(text?.FindColumn(only.Name)?.Constraints.Any(c => c.IsDescending) ?? false) ? only.Name : null;

        // The rowid takes the next free number by itself, but only AUTOINCREMENT, as the table declares it, promises never
        // to reuse a deleted row's key: report what the table says, as the servers report an identity or AUTO_INCREMENT.
        var autoIncrement = rowid is not null && (text?.FindColumn(rowid)?.Tokens.Any(t => t.IsKeyword("AUTOINCREMENT")) ?? false);
        var columnSchemas = columns.Where(c => c.Hidden != 1).Select(c =>
        {
            var isRowid = c.Name == rowid;
            var (clr, length, precision, scale) = SqliteTypes.Describe(c.Type ?? "");
            var nullable = c.NotNull == 0 && !isRowid && !(withoutRowid && c.Key > 0);
            // The pragma drops the parentheses around an expression default; the table text has it as written.
            var written = text?.FindColumn(c.Name)?.Constraints.LastOrDefault(k => k.Kind == SqliteConstraintKind.Default)?.Expression();
            var defaultSql = isRowid || c.Default is null ? null : written ?? c.Default;
            return new ColumnSchema(c.Name, (c.Type ?? "").Trim().ToLowerInvariant(), clr, nullable, defaultSql, isRowid && autoIncrement, length, precision, scale);
        }).ToList();

        var primaryKey = keyColumns.Count == 0 ? null : new PrimaryKeySchema(
            NamedConstraints(text, SqliteConstraintKind.PrimaryKey).FirstOrDefault().Name, [.. keyColumns.Select(c => c.Name)]);
        var (uniques, indexes) = await ReadIndexesAsync(session, database, name, text, cancellationToken).ConfigureAwait(false);
        var foreignKeys = await ReadForeignKeysAsync(session, database, name, text, cancellationToken).ConfigureAwait(false);
        var checks = NamedConstraints(text, SqliteConstraintKind.Check).Select(c => new CheckConstraintSchema(c.Name, c.Constraint.Expression() ?? "")).ToList();
        return new TableSchema(name, schema, columnSchemas, primaryKey, ByName(uniques, u => u.Name), ByName(indexes, i => i.Name),
            ByName(foreignKeys, f => f.Name), ByName(checks, c => c.Name));
    }

    private static async Task<(List<UniqueConstraintSchema>, List<IndexSchema>)> ReadIndexesAsync(
        IDbSession session, string database, string table, SqliteTableText? text, CancellationToken cancellationToken)
    {
        var list = await session.QueryAsync<(string Name, long Unique, string Origin, long Partial, string? Sql)>(
            $"SELECT l.name, l.\"unique\", l.origin, l.partial, m.sql FROM pragma_index_list({table}, {database}) AS l LEFT JOIN "
            + SqliteTableReader.SchemaTable(database == "main" ? null : database) + Sql.Raw(" AS m ON m.type = 'index' AND m.name = l.name ORDER BY l.seq"),
            cancellationToken).ConfigureAwait(false);
        var named = NamedConstraints(text, SqliteConstraintKind.Unique).ToList();
        var uniques = new List<UniqueConstraintSchema>();
        var indexes = new List<IndexSchema>();
        foreach (var index in list.Where(i => i.Origin != "pk"))
        {
            var parts = await session.QueryAsync<(long Seq, long Column, string? Name)>(
                $"SELECT seqno, cid, name FROM pragma_index_info({index.Name}, {database}) ORDER BY seqno", cancellationToken).ConfigureAwait(false);
            var indexText = index.Sql is null ? null : SqliteIndexText.TryParse(index.Sql);
            var columns = parts.Select(p => p.Name ?? (indexText?.Columns is { } written && p.Seq < written.Count ? written[(int)p.Seq] : p.Column == -1 ? "rowid" : "?")).ToList();
            var name = index.Name;
            if (index.Origin == "u")
            {
                var match = named.FindIndex(n => n.Columns.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase));
                if (match >= 0)
                {
                    name = named[match].Name ?? name;
                    named.RemoveAt(match);
                }
                uniques.Add(new UniqueConstraintSchema(name, columns));
            }
            indexes.Add(new IndexSchema(name, columns, index.Unique != 0, index.Partial != 0 ? indexText?.Filter : null));
        }
        return (uniques, indexes);
    }

    private static async Task<List<ForeignKeySchema>> ReadForeignKeysAsync(
        IDbSession session, string database, string table, SqliteTableText? text, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<(long Id, long Seq, string Parent, string From, string? To, string OnUpdate, string OnDelete)>(
            $"SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list({table}, {database}) ORDER BY id, seq",
            cancellationToken).ConfigureAwait(false);
        var named = NamedConstraints(text, SqliteConstraintKind.ForeignKey).ToList();
        var result = new List<ForeignKeySchema>();
        // SQLite numbers foreign keys from the last declared; read them in declaration order so names pair up in order.
        foreach (var key in rows.GroupBy(r => r.Id).OrderByDescending(g => g.Key))
        {
            var first = key.First();
            var from = key.Select(r => r.From).ToList();
            var to = key.All(r => r.To is not null)
                ? key.Select(r => r.To!).ToList()
                : await ParentKeyAsync(session, database, first.Parent, cancellationToken).ConfigureAwait(false);
            var match = named.FindIndex(n => n.Columns.SequenceEqual(from, StringComparer.OrdinalIgnoreCase)
                && string.Equals(n.Constraint.ReferencedTable, first.Parent, StringComparison.OrdinalIgnoreCase));
            string? name = null;
            if (match >= 0)
            {
                name = named[match].Name;
                named.RemoveAt(match);
            }
            result.Add(new ForeignKeySchema(name, from, ConstraintNames.Unqualified(first.Parent), to, Action(first.OnDelete), Action(first.OnUpdate)));
        }
        return result;
    }

    private static async Task<List<string>> ParentKeyAsync(IDbSession session, string database, string parent, CancellationToken cancellationToken)
    {
        // REFERENCES parent without columns means the parent's primary key.
        var key = await session.QueryAsync<(long Key, string Name)>(
            $"SELECT pk, name FROM pragma_table_info({parent}, {database}) WHERE pk > 0 ORDER BY pk", cancellationToken).ConfigureAwait(false);
        return [.. key.Select(k => k.Name)];
    }

    private static async Task<ViewSchema> ReadViewAsync(IDbSession session, string name, string? sql, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Name, string? Type, long NotNull, string? Default)> columns;
        try
        {
            columns = await session.QueryAsync<(string Name, string? Type, long NotNull, string? Default)>(
                $"SELECT name, type, \"notnull\", dflt_value FROM pragma_table_xinfo({name}) ORDER BY cid", cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseException)
        {
            // SQLite keeps a view whose tables or columns are gone; reading its columns fails, the view is still there.
            columns = [];
        }
        var schemas = columns.Select(c =>
        {
            var (clr, length, precision, scale) = SqliteTypes.Describe(c.Type ?? "");
            return new ColumnSchema(c.Name, (c.Type ?? "").Trim().ToLowerInvariant(), clr, c.NotNull == 0, c.Default, false, length, precision, scale);
        }).ToList();
        return new ViewSchema(name, null, schemas, sql is null ? null : ViewQuery(sql));
    }

    // The query of CREATE VIEW v [(columns)] AS query.
    private static string ViewQuery(string sql)
    {
        var tokens = SqliteLexer.Significant(sql);
        var at = SqliteTokens.KeywordAtTopLevel(tokens, "AS");
        return at < 0 || at + 1 >= tokens.Count ? sql : sql[tokens[at + 1].Start..].Trim(SqliteLexer.Whitespace);
    }

    /// <summary>Every constraint of <paramref name="kind"/> in the table text with its columns (a column's own constraint is on that column).</summary>
    private static IEnumerable<(string? Name, IReadOnlyList<string> Columns, SqliteConstraint Constraint)> NamedConstraints(SqliteTableText? text, SqliteConstraintKind kind)
    {
        if (text is null) yield break;
        foreach (var item in text.Items)
        {
            foreach (var constraint in item.Constraints.Where(c => c.Kind == kind))
                yield return (constraint.Name, item.IsColumn ? [item.ColumnName!] : constraint.Columns, constraint);
        }
    }

    private static SqliteTableText? TryParse(string? sql)
    {
        if (sql is null) return null;
        try
        {
            return SqliteTableText.Parse(sql);
        }
        catch (FormatException)
        {
            // A virtual table, or text the splitter cannot follow: columns and keys still come from the pragmas.
            return null;
        }
    }

    private static ReferentialAction Action(string action) => action.ToUpperInvariant() switch
    {
        "CASCADE" => ReferentialAction.Cascade,
        "SET NULL" => ReferentialAction.SetNull,
        "SET DEFAULT" => ReferentialAction.SetDefault,
        "RESTRICT" => ReferentialAction.Restrict,
        _ => ReferentialAction.NoAction,
    };

    // By name (ordinal), unnamed ones last in the order found.
    private static List<T> ByName<T>(List<T> items, Func<T, string?> name) =>
        [.. items.Select((item, i) => (item, i)).OrderBy(x => name(x.item) is null).ThenBy(x => name(x.item), StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.item)];
}
