namespace Strata;

/// <summary>Where an operation stands: step <see cref="Index"/> of <see cref="Count"/>.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Index">The 1-based step.</param>
/// <param name="Count">The steps in this operation.</param>
/// <param name="Finished">False when the step starts, true when it has finished.</param>
public sealed record MigrationProgress(MigrationDefinition Migration, MigrationDirection Direction, int Index, int Count, bool Finished);

/// <summary>Which way a migration runs.</summary>
public enum MigrationDirection
{
    /// <summary>Applying it.</summary>
    Up,

    /// <summary>Rolling it back.</summary>
    Down,
}
