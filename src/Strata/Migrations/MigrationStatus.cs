namespace Strata;

/// <summary>One migration's state, from <see cref="Migrator.StatusAsync"/>.</summary>
/// <param name="Version">The version.</param>
/// <param name="Name">The description.</param>
/// <param name="State">Applied, pending, missing, changed or failed.</param>
/// <param name="Migration">The migration's definition, or null when its file is missing.</param>
/// <param name="AppliedAt">When it was applied (or its failed run started), UTC.</param>
/// <param name="Batch">The run that applied it.</param>
/// <param name="ExecutionTime">How long it took to apply.</param>
/// <param name="Statement">For a failed or interrupted run, the statement it reached.</param>
/// <param name="Error">For a failed run, the database's error.</param>
public sealed record MigrationStatus(
    string Version,
    string Name,
    MigrationState State,
    MigrationDefinition? Migration,
    DateTimeOffset? AppliedAt,
    int? Batch,
    TimeSpan? ExecutionTime,
    int? Statement,
    string? Error);

/// <summary>Where a migration stands.</summary>
public enum MigrationState
{
    /// <summary>Applied, and its source is unchanged.</summary>
    Applied,

    /// <summary>Not applied yet.</summary>
    Pending,

    /// <summary>Recorded as applied, but no source has it any more.</summary>
    Missing,

    /// <summary>Applied, but its file changed since (the checksums differ).</summary>
    ChecksumChanged,

    /// <summary>Its run failed or was interrupted part way (on databases that commit DDL statement by statement); <see cref="Migrator.UpAsync"/> refuses to go on.</summary>
    Failed,
}
