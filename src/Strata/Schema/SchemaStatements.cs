namespace Strata.Schema;

/// <summary>
/// Builds schema statement nodes without a session, validating names and declarations at once. <see cref="SchemaBuilder"/>
/// binds them to a session; a tool that only prints DDL compiles them with a dialect's <see cref="DdlCompiler"/>:
/// <c>dialect.Ddl.Compile(SchemaStatements.CreateTable("users", t => …))</c>.
/// </summary>
public static class SchemaStatements
{
    /// <summary>CREATE TABLE for the table declared by <paramref name="define"/>, with the indexes declared with it.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares columns, keys, constraints and indexes.</param>
    /// <exception cref="ArgumentException">An invalid name.</exception>
    /// <exception cref="InvalidOperationException">The declaration is inconsistent (no columns, two primary keys, an unknown column in a constraint).</exception>
    public static CreateTableStatement CreateTable(string table, Action<TableBuilder> define) => Create(table, define, ifNotExists: false);

    /// <summary>CREATE TABLE IF NOT EXISTS (its indexes are created only if missing).</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares columns, keys, constraints and indexes.</param>
    public static CreateTableStatement CreateTableIfNotExists(string table, Action<TableBuilder> define) => Create(table, define, ifNotExists: true);

    /// <summary>The changes <paramref name="define"/> declares for an existing table.</summary>
    /// <param name="table">The table name, optionally schema-qualified.</param>
    /// <param name="define">Declares added, changed, renamed and dropped columns, indexes and constraints.</param>
    /// <exception cref="InvalidOperationException">The declaration is inconsistent or empty.</exception>
    public static AlterTableStatement AlterTable(string table, Action<AlterTableBuilder> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        var builder = new AlterTableBuilder(table);
        define(builder);
        return builder.Build();
    }

    /// <summary>DROP TABLE.</summary>
    /// <param name="table">The table name.</param>
    public static DropTableStatement DropTable(string table) => new(ValidTable(table), IfExists: false);

    /// <summary>DROP TABLE IF EXISTS.</summary>
    /// <param name="table">The table name.</param>
    public static DropTableStatement DropTableIfExists(string table) => new(ValidTable(table), IfExists: true);

    /// <summary>Renames a table within its schema.</summary>
    /// <param name="from">The current name, optionally schema-qualified.</param>
    /// <param name="to">The new name: unqualified, or qualified with the same schema.</param>
    /// <exception cref="ArgumentException">An invalid name, or a new name in another schema.</exception>
    public static RenameTableStatement RenameTable(string from, string to)
    {
        ValidTable(from);
        ValidTable(to);
        var fromSchema = from.LastIndexOf('.') is var f and >= 0 ? from[..f] : null;
        var toSchema = to.LastIndexOf('.') is var t and >= 0 ? to[..t] : null;
        if (toSchema is not null && !string.Equals(fromSchema, toSchema, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"RenameTable keeps a table in its schema, but '{to}' names another schema than '{from}'.", nameof(to));
        return new RenameTableStatement(from, to);
    }

    /// <summary>CREATE INDEX on an existing table.</summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The indexed columns in order.</param>
    /// <param name="name">The index name; <c>{table}_{columns}_index</c> when null.</param>
    /// <param name="unique">A unique index.</param>
    /// <param name="where">The condition of a partial index (PostgreSQL and SQLite); holes are written as literals.</param>
    public static CreateIndexStatement CreateIndex(string table, IReadOnlyList<string> columns, string? name = null, bool unique = false, Sql? where = null)
    {
        ValidTable(table);
        var list = SchemaNames.Columns(columns, "An index");
        var indexName = name is null ? ConstraintNames.Index(table, list) : SchemaNames.Simple(name, "index");
        return new CreateIndexStatement(table, new IndexDefinition(indexName, list, unique, where));
    }

    /// <summary>DROP INDEX.</summary>
    /// <param name="table">The table it belongs to (MySQL needs it; the schema of a qualified name is the index's).</param>
    /// <param name="name">The index name.</param>
    /// <param name="ifExists">Do nothing when it does not exist.</param>
    public static DropIndexStatement DropIndex(string table, string name, bool ifExists = false) =>
        new(ValidTable(table), SchemaNames.Simple(name, "index"), ifExists);

    internal static string ValidTable(string table)
    {
        SqlIdentifier.Validate(table);
        if (table.EndsWith('*')) throw new ArgumentException($"'{table}' is not a table name.", nameof(table));
        return table;
    }

    private static CreateTableStatement Create(string table, Action<TableBuilder> define, bool ifNotExists)
    {
        ArgumentNullException.ThrowIfNull(define);
        var builder = new TableBuilder(table);
        define(builder);
        return builder.Build(ifNotExists);
    }
}
