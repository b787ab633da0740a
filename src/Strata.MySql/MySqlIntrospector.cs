using System.Text.RegularExpressions;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.MySql;

/// <summary>
/// Reads the schema of a MySQL or MariaDB database from information_schema: the session's current database
/// (<c>DATABASE()</c>), or the database named in a qualified <c>db.table</c>.
/// </summary>
/// <remarks>
/// <para>
/// MySQL keeps a unique constraint as a unique index, so each appears both in <see cref="TableSchema.UniqueConstraints"/>
/// and in <see cref="TableSchema.Indexes"/>; InnoDB also creates an index for each foreign key (named like the key) when
/// no index fits, which is reported as the real index it is. The primary key is always named <c>PRIMARY</c>.
/// </para>
/// <para>
/// MariaDB stores a JSON column as LONGTEXT with a <c>json_valid</c> check: such a column is reported with the type
/// <c>json</c>, and its check is left out of <see cref="TableSchema.CheckConstraints"/>. Defaults are normalized to
/// the literal <see cref="MySqlDdlCompiler.Literal"/> writes (MariaDB's <c>NULL</c> for none is null). Reads about
/// seven queries per call, all through the given session; stateless and thread-safe.
/// </para>
/// </remarks>
public partial class MySqlIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static MySqlIntrospector Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The session has no current database.</exception>
    public override async Task<DatabaseSchema> IntrospectAsync(IDbSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var server = await ServerAsync(session, null, cancellationToken).ConfigureAwait(false);
        var (tables, views) = await ReadAsync(session, server, null, cancellationToken).ConfigureAwait(false);
        return new DatabaseSchema(tables, views);
    }

    /// <inheritdoc />
    /// <remarks>A view of that name is not a table: the result is null.</remarks>
    /// <exception cref="InvalidOperationException">The name is unqualified and the session has no current database.</exception>
    public override async Task<TableSchema?> IntrospectTableAsync(IDbSession session, string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(table);
        var dot = table.LastIndexOf('.');
        var server = await ServerAsync(session, dot < 0 ? null : table[..dot], cancellationToken).ConfigureAwait(false);
        var (tables, _) = await ReadAsync(session, server, ConstraintNames.Unqualified(table), cancellationToken).ConfigureAwait(false);
        return tables.Count == 0 ? null : tables[0];
    }

    private sealed record Server(string Schema, bool MariaDb);

    private static async Task<Server> ServerAsync(IDbSession session, string? schema, CancellationToken cancellationToken)
    {
        var (database, version) = await session.QuerySingleAsync<(string?, string?)>($"SELECT DATABASE(), VERSION()", cancellationToken).ConfigureAwait(false);
        var name = schema ?? database ?? throw new InvalidOperationException(
            "The MySQL session has no current database, so there is nothing to introspect. Name the database in the URL (mysql://host/database) or qualify the table (database.table).");
        return new Server(name, version?.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) == true);
    }

    private static Sql Only(string column, string? table) =>
        table is null ? Sql.Empty : Sql.Raw(" AND " + column + " = ") + Sql.Parameter(table);

    private static async Task<(IReadOnlyList<TableSchema> Tables, IReadOnlyList<ViewSchema> Views)> ReadAsync(
        IDbSession session, Server server, string? table, CancellationToken cancellationToken)
    {
        var schema = server.Schema;
        var objects = await session.QueryAsync<MySqlTableRow>(
            $"SELECT TABLE_NAME AS table_name, TABLE_TYPE AS table_type FROM information_schema.TABLES WHERE TABLE_SCHEMA = {schema}{Only("TABLE_NAME", table)} AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED'{(table is null ? Sql.Raw(", 'VIEW'") : Sql.Empty)})",
            cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0) return ([], []);

        var columns = await session.QueryAsync<MySqlColumnRow>(
            $"""
            SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type, DATA_TYPE AS data_type, IS_NULLABLE AS is_nullable,
                   COLUMN_DEFAULT AS column_default, EXTRA AS extra, CAST(CHARACTER_MAXIMUM_LENGTH AS SIGNED) AS character_maximum_length,
                   CAST(NUMERIC_PRECISION AS SIGNED) AS numeric_precision, CAST(NUMERIC_SCALE AS SIGNED) AS numeric_scale
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {schema}{Only("TABLE_NAME", table)} ORDER BY TABLE_NAME, ORDINAL_POSITION
            """, cancellationToken).ConfigureAwait(false);
        var keys = await KeysAsync(session, schema, table, cancellationToken).ConfigureAwait(false);
        // MySQL 8 lists a functional index part's expression instead of a column; MariaDB has no such column.
        var part = server.MariaDb ? Sql.Raw("COLUMN_NAME") : Sql.Raw("COALESCE(COLUMN_NAME, EXPRESSION)");
        var indexes = await session.QueryAsync<MySqlIndexRow>(
            $"""
            SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, CAST(NON_UNIQUE AS SIGNED) AS non_unique, CAST(SEQ_IN_INDEX AS SIGNED) AS seq_in_index, {part} AS column_name
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {schema}{Only("TABLE_NAME", table)} AND INDEX_NAME <> 'PRIMARY'
            ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """, cancellationToken).ConfigureAwait(false);
        // MariaDB names checks per table (and lists them with their table); MySQL names them per schema.
        Sql checkQuery = server.MariaDb
            ? (Sql)$"SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause, LEVEL AS level FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = {schema}{Only("TABLE_NAME", table)}"
            : (Sql)$"""
              SELECT t.TABLE_NAME AS table_name, c.CONSTRAINT_NAME AS constraint_name, c.CHECK_CLAUSE AS check_clause, 'Table' AS level
              FROM information_schema.TABLE_CONSTRAINTS t JOIN information_schema.CHECK_CONSTRAINTS c
                ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
              WHERE t.TABLE_SCHEMA = {schema}{Only("t.TABLE_NAME", table)} AND t.CONSTRAINT_TYPE = 'CHECK'
              """;
        var checks = await session.QueryAsync<MySqlCheckRow>(checkQuery, cancellationToken).ConfigureAwait(false);
        var definitions = objects.Any(o => o.TableType == "VIEW")
            ? await session.QueryAsync<MySqlViewRow>(
                $"SELECT TABLE_NAME AS table_name, VIEW_DEFINITION AS view_definition FROM information_schema.VIEWS WHERE TABLE_SCHEMA = {schema}",
                cancellationToken).ConfigureAwait(false)
            : [];

        var tables = new List<TableSchema>();
        var views = new List<ViewSchema>();
        foreach (var item in objects.OrderBy(o => o.TableName, StringComparer.Ordinal))
        {
            var name = item.TableName;
            var own = columns.Where(c => Same(c.TableName, name)).ToList();
            var ownChecks = checks.Where(c => Same(c.TableName, name)).ToList();
            var jsonChecks = ownChecks.Where(c => JsonColumn(c, own) is not null).ToList();
            var jsonColumns = new HashSet<string>(jsonChecks.Select(c => JsonColumn(c, own)!), StringComparer.OrdinalIgnoreCase);
            var schemaColumns = own.Select(c => MySqlColumnReader.Read(c, server.MariaDb, jsonColumns.Contains(c.ColumnName))).ToList();
            if (item.TableType == "VIEW")
            {
                views.Add(new ViewSchema(name, schema, schemaColumns, definitions.FirstOrDefault(d => Same(d.TableName, name))?.ViewDefinition));
                continue;
            }
            tables.Add(Table(name, schema, schemaColumns, keys.Where(k => Same(k.TableName, name)).ToList(),
                indexes.Where(i => Same(i.TableName, name)).ToList(), ownChecks.Except(jsonChecks).ToList()));
        }
        return (tables, views);
    }

    /// <summary>
    /// The key columns of the schema's primary keys, unique constraints and foreign keys. Each information_schema table is read
    /// on its own and joined here: MariaDB narrows only the first table of a join to the named schema and scans every database
    /// (information_schema's own tables included) for the others, which costs time on a large server and is where MariaDB 10.11
    /// was seen to crash (<c>create_tmp_table_for_schema</c>).
    /// </summary>
    private static async Task<List<MySqlKeyRow>> KeysAsync(IDbSession session, string schema, string? table, CancellationToken cancellationToken)
    {
        var constraints = await session.QueryAsync<(string TableName, string ConstraintName, string ConstraintType)>(
            $"SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = {schema}{Only("TABLE_NAME", table)} AND CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')",
            cancellationToken).ConfigureAwait(false);
        if (constraints.Count == 0) return [];
        var columns = await session.QueryAsync<(string TableName, string ConstraintName, string ColumnName, long OrdinalPosition, string? ReferencedTableName, string? ReferencedColumnName)>(
            $"""
            SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, CAST(ORDINAL_POSITION AS SIGNED), REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
            FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = {schema}{Only("TABLE_NAME", table)}
            ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
            """, cancellationToken).ConfigureAwait(false);
        var rules = constraints.Any(c => c.ConstraintType == "FOREIGN KEY")
            ? await session.QueryAsync<(string TableName, string ConstraintName, string? UpdateRule, string? DeleteRule)>(
                $"SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = {schema}{Only("TABLE_NAME", table)}",
                cancellationToken).ConfigureAwait(false)
            : [];
        var keys = new List<MySqlKeyRow>();
        foreach (var k in columns)
        {
            foreach (var c in constraints)
            {
                if (!Same(c.TableName, k.TableName) || !Same(c.ConstraintName, k.ConstraintName)) continue;
                var rule = rules.FirstOrDefault(r => Same(r.TableName, k.TableName) && Same(r.ConstraintName, k.ConstraintName));
                keys.Add(new MySqlKeyRow(k.TableName, k.ConstraintName, c.ConstraintType, k.ColumnName, k.OrdinalPosition,
                    k.ReferencedTableName, k.ReferencedColumnName, rule.UpdateRule, rule.DeleteRule));
            }
        }
        return keys;
    }

    private static TableSchema Table(string name, string schema, IReadOnlyList<ColumnSchema> columns, List<MySqlKeyRow> keys,
        List<MySqlIndexRow> indexes, List<MySqlCheckRow> checks)
    {
        var constraints = keys.GroupBy(k => k.ConstraintName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        static List<string> Columns(IEnumerable<MySqlKeyRow> rows) => [.. rows.OrderBy(r => r.OrdinalPosition).Select(r => r.ColumnName)];

        var primary = constraints.FirstOrDefault(g => g.First().ConstraintType == "PRIMARY KEY");
        var uniques = constraints.Where(g => g.First().ConstraintType == "UNIQUE")
            .Select(g => new UniqueConstraintSchema(g.Key, Columns(g))).ToList();
        var foreignKeys = constraints.Where(g => g.First().ConstraintType == "FOREIGN KEY").Select(g =>
        {
            var rows = g.OrderBy(r => r.OrdinalPosition).ToList();
            return new ForeignKeySchema(g.Key, [.. rows.Select(r => r.ColumnName)], rows[0].ReferencedTableName ?? "",
                [.. rows.Select(r => r.ReferencedColumnName ?? "")], Action(rows[0].DeleteRule), Action(rows[0].UpdateRule));
        }).ToList();
        var indexSchemas = indexes.GroupBy(i => i.IndexName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new IndexSchema(g.Key, [.. g.OrderBy(i => i.SeqInIndex).Select(i => i.ColumnName ?? "")], g.First().NonUnique == 0))
            .ToList();
        var checkSchemas = checks.OrderBy(c => c.ConstraintName, StringComparer.Ordinal)
            .Select(c => new CheckConstraintSchema(c.ConstraintName, c.CheckClause)).ToList();
        return new TableSchema(name, schema, columns, primary is null ? null : new PrimaryKeySchema(primary.Key, Columns(primary)),
            uniques, indexSchemas, foreignKeys, checkSchemas);
    }

    /// <summary>The column a MariaDB JSON check (<c>json_valid(`c`)</c> at column level on a LONGTEXT column) belongs to, or null.</summary>
    private static string? JsonColumn(MySqlCheckRow check, List<MySqlColumnRow> columns)
    {
        if (!string.Equals(check.Level, "Column", StringComparison.OrdinalIgnoreCase)) return null;
        var match = JsonValid().Match(check.CheckClause);
        if (!match.Success) return null;
        var column = columns.FirstOrDefault(c => Same(c.ColumnName, match.Groups[1].Value));
        return column is not null && column.DataType.Equals("longtext", StringComparison.OrdinalIgnoreCase) ? column.ColumnName : null;
    }

    private static ReferentialAction Action(string? rule) => rule?.ToUpperInvariant() switch
    {
        "CASCADE" => ReferentialAction.Cascade,
        "SET NULL" => ReferentialAction.SetNull,
        "SET DEFAULT" => ReferentialAction.SetDefault,
        "RESTRICT" => ReferentialAction.Restrict,
        _ => ReferentialAction.NoAction,
    };

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*json_valid\(`([^`]+)`\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex JsonValid();
}
