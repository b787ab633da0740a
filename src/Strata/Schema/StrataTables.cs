namespace Strata.Schema;

/// <summary>The names of the tables Strata keeps for itself in a database, which introspection leaves out unless asked.</summary>
internal static class StrataTables
{
    /// <summary>The lock table's name for a history table (see the migration lock row).</summary>
    public static string LockTable(string historyTable) => historyTable + "_lock";

    /// <summary>The default names, and the ones the database's options configure.</summary>
    public static HashSet<string> Of(IDatabase database)
    {
        var defaults = new MigrationOptions();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            defaults.HistoryTable, LockTable(defaults.HistoryTable), new Modules.SchemaModuleOptions().VersionsTable,
        };
        if (database is Database { Options: { } options })
        {
            names.Add(options.Migrations.HistoryTable);
            names.Add(LockTable(options.Migrations.HistoryTable));
            names.Add(options.Modules.VersionsTable);
        }
        return names;
    }
}
