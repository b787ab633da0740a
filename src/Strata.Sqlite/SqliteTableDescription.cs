namespace Strata.Sqlite;

/// <summary>
/// A SQLite table as it stands, as far as a table rebuild needs it: its CREATE TABLE text, its indexes, the
/// schema's triggers and views, and the tables whose foreign keys point at it. Read from <c>sqlite_schema</c>
/// and <c>pragma_foreign_key_list</c> by <see cref="SqliteDdlCompiler.CompileAsync"/>; build one by hand to
/// compile a rebuild without a database (<see cref="SqliteDdlCompiler.CompileAlterTable(Strata.Schema.AlterTableStatement, SqliteTableDescription)"/>).
/// </summary>
/// <param name="Sql">The table's CREATE TABLE statement as <c>sqlite_schema</c> keeps it.</param>
/// <param name="Indexes">The table's indexes that have SQL (created with CREATE INDEX), in creation order; the automatic indexes of PRIMARY KEY and UNIQUE constraints are not listed.</param>
/// <param name="TriggersAndViews">Every trigger and view of the table's schema, in creation order; the rebuild picks those that mention the table.</param>
/// <param name="ReferencingTables">The tables with a foreign key to this table (the table itself when it references itself).</param>
public sealed record SqliteTableDescription(
    string Sql,
    IReadOnlyList<SqliteSchemaObject> Indexes,
    IReadOnlyList<SqliteSchemaObject> TriggersAndViews,
    IReadOnlyList<string> ReferencingTables)
{
    /// <summary>A table with no indexes, triggers, views or referencing tables besides what <paramref name="sql"/> declares.</summary>
    /// <param name="sql">The CREATE TABLE statement.</param>
    public static SqliteTableDescription FromSql(string sql) => new(sql, [], [], []);
}
