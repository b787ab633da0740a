namespace Strata.Sqlite;

/// <summary>Reads a <see cref="SqliteTableDescription"/> from <c>sqlite_schema</c> and <c>pragma_foreign_key_list</c>.</summary>
internal static class SqliteTableReader
{
    /// <summary>The table <paramref name="table"/> (optionally <c>schema.table</c>) as it stands, or null when it does not exist.</summary>
    public static async Task<SqliteTableDescription?> ReadAsync(IDbSession session, string table, CancellationToken cancellationToken)
    {
        var (schema, name) = Split(table);
        var rows = await session.QueryAsync<(string Type, string Name, string TableName, string? Sql)>(
            Sql.Raw("SELECT type, name, tbl_name, sql FROM ") + SchemaTable(schema) + Sql.Raw(" WHERE sql IS NOT NULL ORDER BY rowid"),
            cancellationToken).ConfigureAwait(false);
        var own = rows.FirstOrDefault(r => r.Type == "table" && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
        if (own.Sql is null) return null;
        var indexes = rows.Where(r => r.Type == "index" && string.Equals(r.TableName, own.Name, StringComparison.OrdinalIgnoreCase))
            .Select(r => new SqliteSchemaObject(r.Type, r.Name, r.TableName, r.Sql!)).ToList();
        var others = rows.Where(r => r.Type is "trigger" or "view").Select(r => new SqliteSchemaObject(r.Type, r.Name, r.TableName, r.Sql!)).ToList();
        var referencing = await session.QueryAsync<string>(
            Sql.Raw("SELECT DISTINCT m.name FROM ") + SchemaTable(schema) + $" AS m JOIN pragma_foreign_key_list(m.name, {schema ?? "main"}) AS f " +
            $"WHERE m.type = 'table' AND f.\"table\" = {own.Name} COLLATE NOCASE ORDER BY m.name",
            cancellationToken).ConfigureAwait(false);
        return new SqliteTableDescription(own.Sql, indexes, others, referencing);
    }

    /// <summary>The schema (null for the main database) and the table name of <paramref name="table"/>.</summary>
    public static (string? Schema, string Name) Split(string table)
    {
        var dot = table.LastIndexOf('.');
        return dot < 0 ? (null, table) : (table[..dot], table[(dot + 1)..]);
    }

    /// <summary><c>sqlite_schema</c> of <paramref name="schema"/> (the main database when null).</summary>
    public static Sql SchemaTable(string? schema) => schema is null ? Sql.Raw("sqlite_schema") : Sql.Identifier(schema) + Sql.Raw(".sqlite_schema");
}
