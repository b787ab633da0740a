namespace Strata.Modules;

/// <summary>A discovered module and where it stands in the database.</summary>
/// <param name="Module">The module.</param>
/// <param name="State">Where it stands.</param>
/// <param name="InitializedAt">When its schema and initial data were applied (UTC), or null.</param>
/// <param name="PendingMigrations">Its migrations not applied yet.</param>
public sealed record SchemaModuleStatus(SchemaModule Module, SchemaModuleState State, DateTimeOffset? InitializedAt, int PendingMigrations);

/// <summary>Where a module stands.</summary>
public enum SchemaModuleState
{
    /// <summary>Found, but not compared with the database yet.</summary>
    Discovered,

    /// <summary>Not initialized: its schema and initial data have not run.</summary>
    Pending,

    /// <summary>Initialized, with every migration applied.</summary>
    UpToDate,

    /// <summary>Initialized, with migrations still to apply.</summary>
    MigrationsPending,

    /// <summary>Its <c>schema.sql</c> changed after it was initialized; the change is not run again (write a migration for it).</summary>
    SchemaChanged,
}
