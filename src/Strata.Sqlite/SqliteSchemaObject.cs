namespace Strata.Sqlite;

/// <summary>One row of <c>sqlite_schema</c>: an index, trigger or view with the SQL SQLite keeps for it.</summary>
/// <param name="Type"><c>index</c>, <c>trigger</c> or <c>view</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="TableName">The table it belongs to (<c>tbl_name</c>): the indexed table, the trigger's table, the view itself.</param>
/// <param name="Sql">Its CREATE statement as written.</param>
public sealed record SqliteSchemaObject(string Type, string Name, string TableName, string Sql)
{
    /// <summary>True for a view.</summary>
    public bool IsView => string.Equals(Type, "view", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a trigger.</summary>
    public bool IsTrigger => string.Equals(Type, "trigger", StringComparison.OrdinalIgnoreCase);
}
