namespace Strata.KeyValue;

/// <summary>What <see cref="KeyValueMigrator.UpAsync"/> or <see cref="KeyValueMigrator.DownAsync"/> did.</summary>
/// <param name="Steps">The migrations applied or rolled back, in order.</param>
public sealed record KeyValueMigrationResult(IReadOnlyList<KeyValueMigrationStep> Steps);

/// <summary>One migration step that ran.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Duration">How long it took, commit included.</param>
/// <param name="Writes">The puts and deletes it wrote (the history record not counted).</param>
public sealed record KeyValueMigrationStep(KeyValueMigrationDefinition Migration, MigrationDirection Direction, TimeSpan Duration, int Writes);

/// <summary>One migration's state, from <see cref="KeyValueMigrator.StatusAsync"/>.</summary>
/// <param name="Version">The version.</param>
/// <param name="Name">The description.</param>
/// <param name="State"><see cref="MigrationState.Applied"/>, <see cref="MigrationState.Pending"/> or <see cref="MigrationState.Missing"/> (recorded, but no class has it any more).</param>
/// <param name="Migration">The migration's definition, or null when it is missing.</param>
/// <param name="AppliedAt">When it was applied, UTC.</param>
/// <param name="ExecutionTime">How long it took to apply.</param>
public sealed record KeyValueMigrationStatus(
    string Version,
    string Name,
    MigrationState State,
    KeyValueMigrationDefinition? Migration,
    DateTimeOffset? AppliedAt,
    TimeSpan? ExecutionTime);

/// <summary>What <see cref="KeyValueMigrator.UpAsync"/> would write, from a dry run (<see cref="KeyValueMigrator.PlanAsync"/>).</summary>
/// <param name="Steps">Each pending migration with its writes, in order.</param>
public sealed record KeyValueMigrationPlan(IReadOnlyList<KeyValueMigrationPlanStep> Steps);

/// <summary>One pending migration and the writes its up step made in the dry run.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Writes">Its puts and deletes, in order.</param>
public sealed record KeyValueMigrationPlanStep(KeyValueMigrationDefinition Migration, IReadOnlyList<KeyValuePlannedWrite> Writes);

/// <summary>A put or delete a migration made in a dry run.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Key">The key's bytes.</param>
/// <param name="Kind">Put or delete.</param>
/// <param name="ValueLength">The stored value's length in bytes (0 for a delete).</param>
public sealed record KeyValuePlannedWrite(string Namespace, byte[] Key, KeyValueWriteKind Kind, int ValueLength)
{
    /// <summary>The key read as UTF-8 text.</summary>
    public string KeyText => System.Text.Encoding.UTF8.GetString(Key);
}

/// <summary>What a planned write does.</summary>
public enum KeyValueWriteKind
{
    /// <summary>Stores a value.</summary>
    Put,

    /// <summary>Removes a key.</summary>
    Delete,
}
