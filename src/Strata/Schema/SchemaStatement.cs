using System.Collections.Immutable;

namespace Strata.Schema;

/// <summary>
/// A schema change as an immutable node, built by <see cref="SchemaBuilder"/> and compiled by the dialect's
/// <see cref="DdlCompiler"/> into one or more statements.
/// </summary>
public abstract record SchemaStatement;

/// <summary><c>CREATE TABLE</c> with its columns, keys and constraints, and the indexes declared with it.</summary>
/// <param name="Table">The table name, optionally schema-qualified.</param>
/// <param name="Columns">The columns in order.</param>
/// <param name="PrimaryKey">The primary key, or null.</param>
/// <param name="Uniques">Unique constraints.</param>
/// <param name="Indexes">Indexes created right after the table.</param>
/// <param name="ForeignKeys">Foreign keys.</param>
/// <param name="Checks">Check constraints.</param>
/// <param name="IfNotExists">Do nothing when the table exists.</param>
public sealed record CreateTableStatement(
    string Table,
    ImmutableArray<ColumnDefinition> Columns,
    PrimaryKeyDefinition? PrimaryKey,
    ImmutableArray<UniqueDefinition> Uniques,
    ImmutableArray<IndexDefinition> Indexes,
    ImmutableArray<ForeignKeyDefinition> ForeignKeys,
    ImmutableArray<CheckDefinition> Checks,
    bool IfNotExists) : SchemaStatement;

/// <summary>Changes to an existing table, applied in order.</summary>
/// <param name="Table">The table name, optionally schema-qualified.</param>
/// <param name="Actions">The changes.</param>
public sealed record AlterTableStatement(string Table, ImmutableArray<AlterTableAction> Actions) : SchemaStatement;

/// <summary><c>DROP TABLE</c>.</summary>
/// <param name="Table">The table name.</param>
/// <param name="IfExists">Do nothing when the table does not exist.</param>
public sealed record DropTableStatement(string Table, bool IfExists) : SchemaStatement;

/// <summary>Renames a table.</summary>
/// <param name="From">The current name.</param>
/// <param name="To">The new name (same schema).</param>
public sealed record RenameTableStatement(string From, string To) : SchemaStatement;

/// <summary><c>CREATE INDEX</c> on an existing table.</summary>
/// <param name="Table">The table.</param>
/// <param name="Index">The index.</param>
public sealed record CreateIndexStatement(string Table, IndexDefinition Index) : SchemaStatement;

/// <summary><c>DROP INDEX</c>.</summary>
/// <param name="Table">The table the index belongs to (MySQL needs it).</param>
/// <param name="Name">The index name.</param>
/// <param name="IfExists">Do nothing when the index does not exist.</param>
public sealed record DropIndexStatement(string Table, string Name, bool IfExists) : SchemaStatement;
