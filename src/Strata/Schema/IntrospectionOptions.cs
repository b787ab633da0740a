namespace Strata;

/// <summary>What <see cref="SchemaBuilder.IntrospectAsync(IntrospectionOptions, CancellationToken)"/> reads.</summary>
public sealed record IntrospectionOptions
{
    /// <summary>The defaults: the application's tables and views, without Strata's own tables.</summary>
    public static IntrospectionOptions Default { get; } = new();

    /// <summary>
    /// Include the tables Strata keeps for itself: the migration history (<c>strata_migrations</c>, or
    /// <see cref="MigrationOptions.HistoryTable"/>), its lock table (the history table's name with <c>_lock</c>) and the
    /// schema modules' versions (<c>strata_schema_versions</c>, or <see cref="Modules.SchemaModuleOptions.VersionsTable"/>).
    /// Off by default, so a schema dump or diff shows the application's tables only. Tables that hold the application's
    /// data, such as the audit plugin's, are always included.
    /// </summary>
    public bool IncludeStrataTables { get; init; }
}
