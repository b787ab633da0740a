using System.Text.RegularExpressions;
using Strata.Schema;
using Strata.Schema.Introspection;

namespace Strata.Postgres;

/// <summary>
/// Reads the schema of a PostgreSQL database from <c>pg_catalog</c>: the session's current schema, or the
/// schema named in a qualified table name.
/// </summary>
/// <remarks>
/// Each kind of object is read with one query for the whole schema, so a schema of many tables costs a
/// handful of round trips. Stateless and thread-safe.
/// </remarks>
public partial class PostgresIntrospector : SchemaIntrospector
{
    /// <summary>The shared instance; stateless and thread-safe.</summary>
    public static PostgresIntrospector Instance { get; } = new();

    /// <inheritdoc />
    public override async Task<DatabaseSchema> IntrospectAsync(IDbSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var schema = await session.ScalarAsync<string>($"SELECT current_schema()", cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The session has no current schema (search_path is empty); name the schema in the table name instead.");
        var (tables, views) = await ReadAsync(session, schema, null, cancellationToken).ConfigureAwait(false);
        return new DatabaseSchema(tables, views);
    }

    /// <inheritdoc />
    public override async Task<TableSchema?> IntrospectTableAsync(IDbSession session, string table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        SqlIdentifier.Validate(table);
        var dot = table.LastIndexOf('.');
        var schema = dot >= 0
            ? table[..dot]
            : await session.ScalarAsync<string>($"SELECT current_schema()", cancellationToken).ConfigureAwait(false);
        if (schema is null) return null;
        var (tables, _) = await ReadAsync(session, schema, table[(dot + 1)..], cancellationToken).ConfigureAwait(false);
        return tables.Count == 0 ? null : tables[0];
    }

    private static async Task<(IReadOnlyList<TableSchema> Tables, IReadOnlyList<ViewSchema> Views)> ReadAsync(
        IDbSession session, string schema, string? only, CancellationToken cancellationToken)
    {
        var relations = await session.QueryAsync<Relation>($"""
            SELECT c.relname AS name, c.relkind::text AS kind,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = {schema} AND c.relkind IN ('r', 'p', 'v', 'm') AND ({only}::text IS NULL OR c.relname = {only})
            ORDER BY c.relname
            """, cancellationToken).ConfigureAwait(false);
        if (only is not null && relations.All(r => r.Kind is not ("r" or "p"))) return ([], []);

        var columns = await session.QueryAsync<ColumnRow>($"""
            SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS database_type,
                   t.typname AS type_name, NOT a.attnotnull AS is_nullable, pg_get_expr(d.adbin, d.adrelid) AS default_sql,
                   a.attidentity::text AS identity,
                   CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 0 THEN a.atttypmod - 4 END AS max_length,
                   CASE WHEN t.typname = 'numeric' AND a.atttypmod > 0 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
                   CASE WHEN t.typname = 'numeric' AND a.atttypmod > 0 THEN (a.atttypmod - 4) & 65535 END AS scale
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = {schema} AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
              AND ({only}::text IS NULL OR c.relname = {only})
            ORDER BY c.relname, a.attnum
            """, cancellationToken).ConfigureAwait(false);

        var constraints = await session.QueryAsync<ConstraintRow>($"""
            SELECT c.relname AS table_name, con.conname AS name, con.contype::text AS kind,
                   ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
                   rc.relname AS referenced_table,
                   ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
                   con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
                   pg_get_expr(con.conbin, con.conrelid) AS expression
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            WHERE n.nspname = {schema} AND con.contype IN ('p', 'u', 'f', 'c') AND ({only}::text IS NULL OR c.relname = {only})
            ORDER BY c.relname, con.conname
            """, cancellationToken).ConfigureAwait(false);

        var indexes = await session.QueryAsync<IndexRow>($"""
            SELECT t.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique,
                   ARRAY(SELECT CASE WHEN ix.indkey[k.ord - 1] = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord, true)
                                     ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.ord - 1]) END
                         FROM generate_series(1, ix.indnkeyatts) k(ord) ORDER BY k.ord) AS columns,
                   pg_get_expr(ix.indpred, ix.indrelid) AS filter
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = {schema} AND NOT ix.indisprimary AND ({only}::text IS NULL OR t.relname = {only})
            ORDER BY t.relname, i.relname
            """, cancellationToken).ConfigureAwait(false);

        var columnsOf = columns.ToLookup(c => c.TableName);
        var constraintsOf = constraints.ToLookup(c => c.TableName);
        var indexesOf = indexes.ToLookup(i => i.TableName);
        var tables = new List<TableSchema>();
        var views = new List<ViewSchema>();
        foreach (var relation in relations)
        {
            var tableColumns = columnsOf[relation.Name].Select(ToColumn).ToList();
            if (relation.Kind is "v" or "m")
            {
                views.Add(new ViewSchema(relation.Name, schema, tableColumns, relation.Definition));
                continue;
            }
            var own = constraintsOf[relation.Name].ToList();
            var key = own.FirstOrDefault(c => c.Kind == "p");
            tables.Add(new TableSchema(
                relation.Name,
                schema,
                tableColumns,
                key is null ? null : new PrimaryKeySchema(key.Name, key.Columns),
                [.. own.Where(c => c.Kind == "u").Select(c => new UniqueConstraintSchema(c.Name, c.Columns))],
                [.. indexesOf[relation.Name].Select(i => new IndexSchema(i.Name, i.Columns, i.IsUnique, i.Filter))],
                [.. own.Where(c => c.Kind == "f").Select(c => new ForeignKeySchema(
                    c.Name, c.Columns, c.ReferencedTable!, c.ReferencedColumns, Action(c.OnDelete), Action(c.OnUpdate)))],
                [.. own.Where(c => c.Kind == "c").Select(c => new CheckConstraintSchema(c.Name, c.Expression ?? ""))]));
        }
        return (tables, views);
    }

    private static ColumnSchema ToColumn(ColumnRow row)
    {
        var serial = row.DefaultSql is { } d && d.StartsWith("nextval(", StringComparison.OrdinalIgnoreCase);
        var identity = !string.IsNullOrEmpty(row.Identity);
        return new ColumnSchema(
            row.Name,
            row.DatabaseType,
            ClrType(row.TypeName),
            row.IsNullable,
            serial ? null : NormalizeDefault(row.DefaultSql),
            identity || serial,
            row.MaxLength,
            row.Precision,
            row.Scale);
    }

    /// <summary>
    /// A literal default without the cast PostgreSQL adds when it stores it (<c>'draft'::character varying</c> is
    /// <c>'draft'</c>), so it reads as the literal the DDL compiler writes; expressions stay as reported.
    /// </summary>
    internal static string? NormalizeDefault(string? sql)
    {
        if (sql is null) return null;
        var match = CastLiteral().Match(sql);
        return match.Success ? match.Groups["literal"].Value : sql;
    }

    [GeneratedRegex(@"^(?<literal>'(?:[^']|'')*')::[a-z_][a-z0-9_ ]*(\(\d+(,\d+)?\))?(\[\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex CastLiteral();

    private static ReferentialAction Action(string? code) => code switch
    {
        "r" => ReferentialAction.Restrict,
        "c" => ReferentialAction.Cascade,
        "n" => ReferentialAction.SetNull,
        "d" => ReferentialAction.SetDefault,
        _ => ReferentialAction.NoAction,
    };

    /// <summary>The .NET type Strata reads a column of the PostgreSQL type <paramref name="typeName"/> (pg_type.typname) as.</summary>
    internal static Type ClrType(string typeName) => typeName switch
    {
        "int4" => typeof(int),
        "int8" => typeof(long),
        "int2" => typeof(short),
        "numeric" or "money" => typeof(decimal),
        "float4" => typeof(float),
        "float8" => typeof(double),
        "bool" => typeof(bool),
        "varchar" or "bpchar" or "text" or "name" or "citext" or "json" or "jsonb" or "xml" => typeof(string),
        "uuid" => typeof(Guid),
        "date" => typeof(DateOnly),
        "time" => typeof(TimeOnly),
        "timestamp" => typeof(DateTime),
        "timestamptz" => typeof(DateTimeOffset),
        "interval" => typeof(TimeSpan),
        "bytea" => typeof(byte[]),
        _ => typeof(object),
    };

    private sealed record Relation(string Name, string Kind, string? Definition);

    private sealed record ColumnRow(string TableName, string Name, string DatabaseType, string TypeName, bool IsNullable,
        string? DefaultSql, string? Identity, int? MaxLength, int? Precision, int? Scale);

    private sealed record ConstraintRow(string TableName, string Name, string Kind, string[] Columns, string? ReferencedTable,
        string[] ReferencedColumns, string? OnDelete, string? OnUpdate, string? Expression);

    private sealed record IndexRow(string TableName, string Name, bool IsUnique, string[] Columns, string? Filter);
}
