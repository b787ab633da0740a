namespace Strata.Schema.Introspection;

/// <summary>What introspection found in a database: its tables and views, ordered by name.</summary>
/// <param name="Tables">The base tables (the history and internal tables of the database itself are left out).</param>
/// <param name="Views">The views.</param>
public sealed record DatabaseSchema(IReadOnlyList<TableSchema> Tables, IReadOnlyList<ViewSchema> Views)
{
    /// <summary>The table named <paramref name="name"/> (case-insensitive), or null.</summary>
    public TableSchema? FindTable(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One table.</summary>
/// <param name="Name">The table name, unquoted.</param>
/// <param name="Schema">The schema (PostgreSQL) or database (MySQL) it lives in; null on SQLite's main database.</param>
/// <param name="Columns">The columns in declaration order.</param>
/// <param name="PrimaryKey">The primary key, or null when the table has none.</param>
/// <param name="UniqueConstraints">Unique constraints (not counting the primary key).</param>
/// <param name="Indexes">Indexes that are not the primary key; unique indexes backing unique constraints are included with <see cref="IndexSchema.IsUnique"/> set.</param>
/// <param name="ForeignKeys">Foreign keys from this table.</param>
/// <param name="CheckConstraints">Check constraints, as the database reports their expression.</param>
public sealed record TableSchema(
    string Name,
    string? Schema,
    IReadOnlyList<ColumnSchema> Columns,
    PrimaryKeySchema? PrimaryKey,
    IReadOnlyList<UniqueConstraintSchema> UniqueConstraints,
    IReadOnlyList<IndexSchema> Indexes,
    IReadOnlyList<ForeignKeySchema> ForeignKeys,
    IReadOnlyList<CheckConstraintSchema> CheckConstraints)
{
    /// <summary>The column named <paramref name="name"/> (case-insensitive), or null.</summary>
    public ColumnSchema? FindColumn(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One view.</summary>
/// <param name="Name">The view name, unquoted.</param>
/// <param name="Schema">The schema or database it lives in; null on SQLite.</param>
/// <param name="Columns">Its columns as the database reports them.</param>
/// <param name="Definition">The defining query as stored by the database, when it reports one.</param>
public sealed record ViewSchema(string Name, string? Schema, IReadOnlyList<ColumnSchema> Columns, string? Definition);

/// <summary>One column.</summary>
/// <param name="Name">The column name, unquoted.</param>
/// <param name="DatabaseType">The type as the database names it, lower case with length/precision, e.g. <c>varchar(100)</c>, <c>numeric(10,2)</c>.</param>
/// <param name="ClrType">The .NET type Strata reads it as (non-nullable form, e.g. <see cref="int"/>, <see cref="string"/>, <see cref="byte"/>[]).</param>
/// <param name="IsNullable">Whether it accepts NULL.</param>
/// <param name="DefaultSql">The default as SQL text as the database reports it, or null for none.</param>
/// <param name="IsAutoIncrement">An identity, serial or auto-increment column.</param>
/// <param name="MaxLength">Character or byte length for sized types, otherwise null.</param>
/// <param name="Precision">Numeric precision for decimal types, otherwise null.</param>
/// <param name="Scale">Numeric scale for decimal types, otherwise null.</param>
public sealed record ColumnSchema(
    string Name,
    string DatabaseType,
    Type ClrType,
    bool IsNullable,
    string? DefaultSql,
    bool IsAutoIncrement,
    int? MaxLength = null,
    int? Precision = null,
    int? Scale = null);

/// <summary>A primary key.</summary>
/// <param name="Name">The constraint name where the database has one.</param>
/// <param name="Columns">Key columns in key order.</param>
public sealed record PrimaryKeySchema(string? Name, IReadOnlyList<string> Columns);

/// <summary>A unique constraint.</summary>
/// <param name="Name">The constraint (or backing index) name.</param>
/// <param name="Columns">Columns in constraint order.</param>
public sealed record UniqueConstraintSchema(string? Name, IReadOnlyList<string> Columns);

/// <summary>An index.</summary>
/// <param name="Name">The index name.</param>
/// <param name="Columns">Indexed columns in index order (expressions as the database reports them).</param>
/// <param name="IsUnique">A unique index.</param>
/// <param name="Filter">The predicate of a partial index, or null.</param>
public sealed record IndexSchema(string Name, IReadOnlyList<string> Columns, bool IsUnique, string? Filter = null);

/// <summary>A foreign key.</summary>
/// <param name="Name">The constraint name where the database has one.</param>
/// <param name="Columns">Referencing columns of this table.</param>
/// <param name="ReferencedTable">The referenced table.</param>
/// <param name="ReferencedColumns">Referenced columns, paired with <paramref name="Columns"/>.</param>
/// <param name="OnDelete">Action when the referenced row is deleted.</param>
/// <param name="OnUpdate">Action when the referenced key is updated.</param>
public sealed record ForeignKeySchema(
    string? Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns,
    ReferentialAction OnDelete,
    ReferentialAction OnUpdate);

/// <summary>A check constraint.</summary>
/// <param name="Name">The constraint name where the database has one.</param>
/// <param name="Expression">The checked expression as the database reports it.</param>
public sealed record CheckConstraintSchema(string? Name, string Expression);
